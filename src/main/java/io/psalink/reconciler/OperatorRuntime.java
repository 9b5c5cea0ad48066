package io.psalink.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.Tolerant;
import io.psalink.check.LinkCheck;
import io.psalink.halo.HaloClient;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The operator process: JOSDK wired to the HaloLink reconciler; used by {@code run}, {@code sandbox} and tests. */
public final class OperatorRuntime implements AutoCloseable {
  /**
   * @param namespaces namespaces to watch; empty means all
   * @param parallelProbes run agent, permission probes and webhook list of a pass at the same time
   * @param leaderElection null to run without
   */
  public record Settings(Set<String> namespaces, ReconcileSettings reconcile, int reconcileThreads,
      boolean parallelProbes, LeaderElectionConfiguration leaderElection) {
    public static Settings defaults() {
      return new Settings(Set.of(), ReconcileSettings.defaults(), 50, true, null);
    }

    public Settings withReconcile(ReconcileSettings r) {
      return new Settings(namespaces, r, reconcileThreads, parallelProbes, leaderElection);
    }

    public Settings withLeaderElection(LeaderElectionConfiguration le) {
      return new Settings(namespaces, reconcile, reconcileThreads, parallelProbes, le);
    }
  }

  private final Operator operator;
  private final ExecutorService probes;

  private OperatorRuntime(Operator operator, ExecutorService probes) {
    this.operator = operator;
    this.probes = probes;
  }

  public static OperatorRuntime start(KubernetesClient kube, HaloClient halo, Settings settings,
      HaloLinkReconciler.LinkObserver observer) {
    return start(kube, halo, settings, observer, null);
  }

  /** @param metrics JOSDK's metrics (reconciliations, queue, errors), or null for none */
  public static OperatorRuntime start(KubernetesClient kube, HaloClient halo, Settings settings,
      HaloLinkReconciler.LinkObserver observer, Metrics metrics) {
    ExecutorService probes = probePool(settings);
    LinkCheck check = new LinkCheck(halo, settings.parallelProbes() ? probes : Runnable::run);
    var reconciler = new HaloLinkReconciler(check, new EventRecorder(kube), settings.reconcile(), Backoff.standard(),
        Clock.systemUTC(), observer, probes);
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(kube)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false)
          .withConcurrentReconciliationThreads(settings.reconcileThreads())
          .checkingCRDAndValidateLocalModel(false)
          .withResourceCloner(new Cloner() {
            @Override
            public <R extends HasMetadata> R clone(R object) {
              R copy = kube.getKubernetesSerialization().clone(object);
              if (object instanceof HaloLink from && copy instanceof HaloLink to) {
                Tolerant.carryOver(from, to);
              }
              return copy;
            }
          });
      if (metrics != null) {
        o.withMetrics(metrics);
      }
      if (settings.leaderElection() != null) {
        o.withLeaderElectionConfiguration(settings.leaderElection());
      }
    });
    operator.register(reconciler, (ControllerConfigurationOverrider<io.psalink.api.v1alpha1.HaloLink> c) -> {
      if (!settings.namespaces().isEmpty()) {
        c.settingNamespaces(settings.namespaces());
      }
    });
    operator.start();
    return new OperatorRuntime(operator, probes);
  }

  public Operator operator() {
    return operator;
  }

  private static ExecutorService probePool(Settings settings) {
    AtomicInteger n = new AtomicInteger();
    int threads = Math.max(8, settings.reconcileThreads() * 4);
    var pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
      Thread t = new Thread(r, "halo-call-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public void close() {
    operator.stop();
    probes.shutdownNow();
  }
}
