package io.psalink.bench;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.psalink.halo.HaloClient;
import io.psalink.halo.RateBudget;
import io.psalink.reconciler.HaloLinkReconciler;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.reconciler.ReconcileSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** The operator under measurement, in this JVM or in a JVM of its own; it reports its own cost. */
interface OperatorSide extends AutoCloseable {

  /** Kubernetes calls the operator made so far and its process figures ({@code gc}: measure the live heap too). */
  Report report(boolean gc);

  /** Starts the heap and RSS peaks afresh (between the ramp and the steady state). */
  void resetPeaks();

  /** Whether {@link #report} measures the operator alone (its own JVM) or the whole bench process. */
  boolean separateProcess();

  @Override
  void close();

  record Report(KubeCalls.Counts kube, ProcessStats.Snapshot process) {}

  /**
   * How to start the operator.
   *
   * @param kubeUrl the Kubernetes API
   * @param namespace the namespace it watches
   * @param budgetRequests the operator's request budget per Halo instance, in any {@code budgetWindowMillis}
   */
  record Options(String kubeUrl, String namespace, int reconcileThreads, boolean parallelProbes,
      long defaultVerifyMillis, long minVerifyMillis, int budgetRequests, long budgetWindowMillis) {

    RateBudget budget() {
      return new RateBudget(budgetRequests, Duration.ofMillis(budgetWindowMillis), RateBudget.DEFAULT_MAX_WAIT);
    }

    OperatorRuntime.Settings settings() {
      var reconcile = new ReconcileSettings(Duration.ofMillis(defaultVerifyMillis), Duration.ofMillis(minVerifyMillis));
      return new OperatorRuntime.Settings(Set.of(namespace), reconcile, reconcileThreads, parallelProbes, null);
    }

    /** A client of the API like the operator's own in production, plus the counting interceptor. */
    KubernetesClient client(KubeCalls counter) {
      Config config = new ConfigBuilder(Config.empty())
          .withMasterUrl(kubeUrl)
          .withNamespace(namespace)
          .withTrustCerts(true)
          .build();
      return new KubernetesClientBuilder()
          .withConfig(config)
          .withHttpClientFactory(new JdkHttpClientFactory())
          .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor(KubeCalls.NAME, counter))
          .build();
    }
  }

  /** The operator in the bench's JVM: figures include the simulator and the mock API. */
  final class InProcess implements OperatorSide {
    private final KubeCalls counter = new KubeCalls();
    private final KubernetesClient kube;
    private final HaloClient halo;
    private final OperatorRuntime runtime;
    private final ProcessStats stats;

    InProcess(Options options, ProcessStats stats) {
      this.stats = stats;
      kube = options.client(counter);
      halo = new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC(), options.budget());
      runtime = OperatorRuntime.start(kube, halo, options.settings(), HaloLinkReconciler.LinkObserver.NONE);
    }

    @Override
    public Report report(boolean gc) {
      return new Report(counter.counts(), stats.snapshot(gc));
    }

    @Override
    public void resetPeaks() {
      stats.resetPeaks();
    }

    @Override
    public boolean separateProcess() {
      return false;
    }

    @Override
    public void close() {
      runtime.close();
      halo.close();
      kube.close();
    }
  }
}
