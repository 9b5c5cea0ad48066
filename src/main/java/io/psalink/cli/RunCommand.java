package io.psalink.cli;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkStatus;
import io.psalink.halo.HaloClient;
import io.psalink.halo.RateBudget;
import io.psalink.ops.HaloCallMetrics;
import io.psalink.ops.LinkReadinessGauge;
import io.psalink.ops.Logging;
import io.psalink.ops.OperatorMetrics;
import io.psalink.ops.OpsServer;
import io.psalink.reconciler.Durations;
import io.psalink.reconciler.HaloLinkReconciler;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.reconciler.ReconcileSettings;
import io.psalink.reconciler.SpecValidation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The operator: watches HaloLinks, checks them against Halo, serves health and metrics. Runs until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the operator against the cluster of the current kubeconfig or service account.",
        "Every option can also be set by the environment variable shown."})
public final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);
  static final String LEASE_NAME = "psa-link-operator";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--watch-namespaces", paramLabel = "NS[,NS...]", defaultValue = "${env:WATCH_NAMESPACES:-}",
      description = "Namespaces to watch, comma-separated; empty for all (env WATCH_NAMESPACES).")
  String watchNamespaces;

  @Option(names = "--leader-election", paramLabel = "BOOL", arity = "1",
      defaultValue = "${env:LEADER_ELECTION:-true}",
      description = "Elect a leader through a Lease named " + LEASE_NAME + " (env LEADER_ELECTION, default true).")
  boolean leaderElection;

  @Option(names = "--lease-namespace", paramLabel = "NS", defaultValue = "${env:POD_NAMESPACE:-}",
      description = "Namespace of the Lease (env POD_NAMESPACE; default: the client's namespace).")
  String leaseNamespace;

  @Option(names = "--identity", paramLabel = "NAME", defaultValue = "${env:POD_NAME:-}",
      description = "This replica's identity in the Lease (env POD_NAME; default: the host name).")
  String identity;

  @Option(names = "--verify-interval", paramLabel = "DURATION", defaultValue = "${env:VERIFY_INTERVAL:-10m}",
      description = "Re-check interval for links that set none (env VERIFY_INTERVAL, default 10m).")
  String verifyInterval;

  @Option(names = "--reconcile-threads", paramLabel = "N", defaultValue = "${env:RECONCILE_THREADS:-50}",
      description = "Links reconciled at the same time (env RECONCILE_THREADS, default 50).")
  int reconcileThreads;

  @Option(names = "--halo-rate-limit", paramLabel = "N", defaultValue = "${env:HALO_RATE_LIMIT:-250}",
      description = "Most requests sent to one Halo instance, by all links together, in any rolling --halo-rate-window "
          + "(env HALO_RATE_LIMIT, default 250: under Halo's lowest published limit of 300 per 5 minutes).")
  int haloRateLimit;

  @Option(names = "--halo-rate-window", paramLabel = "DURATION", defaultValue = "${env:HALO_RATE_WINDOW:-5m}",
      description = "The rolling window of --halo-rate-limit (env HALO_RATE_WINDOW, default 5m).")
  String haloRateWindow;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "${env:LOG_FORMAT:-text}",
      description = "text or json (env LOG_FORMAT, default text).")
  String logFormat;

  @Option(names = "--ops-port", paramLabel = "PORT", defaultValue = "${env:OPS_PORT:-8080}",
      description = "Port of /healthz, /readyz and /metrics (env OPS_PORT, default 8080).")
  int opsPort;

  @Option(names = "--kubeconfig", paramLabel = "PATH", description = "Kubeconfig to use instead of the default.")
  Path kubeconfig;

  /** Set when leader election is on: where the Lease lives and this replica's name in it. */
  private String leaseNamespaceInUse;
  private String identityInUse;

  @Override
  public Integer call() throws Exception {
    validate();
    Logging.configure(logFormat);
    PrometheusMeterRegistry registry = OperatorMetrics.newRegistry();
    AtomicBoolean started = new AtomicBoolean();
    Lifecycle lifecycle = new Lifecycle();
    // SIGTERM: ask the main thread to stop, and keep the JVM alive until it has (Lease released, informers closed)
    Thread hook = new Thread(lifecycle::stopAndWait, "shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (KubernetesClient kube = kubernetesClient();
        HaloClient halo = new HaloClient(HaloClient.defaultHttp().newBuilder()
            .addInterceptor(new HaloCallMetrics(registry)).build(), Clock.systemUTC(), rateBudget())) {
      OperatorRuntime[] runtime = new OperatorRuntime[1];
      // Ready once the informers run: a standby under leader election starts them too (only event
      // processing waits for the Lease), so it is Ready as well; see OpsServer.
      try (OpsServer ops = opsServer(() -> started.get()
          && runtime[0].operator().getRuntimeInfo().allEventSourcesAreHealthy(), registry)) {
        log.info("health and metrics on port {}", ops.port());
        runtime[0] = OperatorRuntime.start(kube, halo, settings(kube, lifecycle), readinessGauge(registry),
            OperatorMetrics.josdk(registry));
        started.set(true);
        log.info("operator started (namespaces: {}, leader election: {}, Halo budget: {} per instance)",
            watchNamespaces.isBlank() ? "all" : watchNamespaces, leaderElection, halo.budget());
        try {
          lifecycle.awaitStop();
        } finally {
          lifecycle.stopping();
          runtime[0].close();
          releaseLease(kube);
        }
      }
    } finally {
      lifecycle.stopped();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it returns once stopped() was called
      }
    }
    log.info("operator stopped");
    lifecycle.restoreInterrupt();
    return lifecycle.exitCode();
  }

  private OpsServer opsServer(java.util.function.BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws java.io.IOException {
    try {
      return OpsServer.start(opsPort, () -> true, ready, registry);
    } catch (java.net.BindException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ops-port " + opsPort + " is in use: stop what"
          + " listens there, or choose another port (OPS_PORT).");
    }
  }

  /**
   * Stop signals of one {@code run}: the shutdown hook, an interrupt of the running thread (tests), or the
   * loss of the Lease. JOSDK's own reaction when leading ends is {@code System.exit(1)} from a library thread,
   * and leading also ends on an orderly {@code Operator.stop()}: in a shutdown hook that call would block,
   * in a test it would end the JVM. Instead a loss ends {@code run} with exit code 1 (the pod restarts as a
   * standby) and an orderly stop ends it with 0.
   */
  static final class Lifecycle {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile int exitCode;
    private boolean interrupted;

    /**
     * Blocks until asked to stop. An interrupt counts as being asked; the flag is set again by {@link
     * #restoreInterrupt()}, after shutting down, which would not finish with it set.
     */
    void awaitStop() {
      try {
        stop.await();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }

    void restoreInterrupt() {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    void stopping() {
      stopping.set(true);
    }

    void stopped() {
      stopped.countDown();
    }

    void stopAndWait() {
      stop.countDown();
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void leadershipLost() {
      if (!stopping.get()) {
        log.error("lost the Lease {}: stopping, so that no two replicas reconcile at once", LEASE_NAME);
        exitCode = 1;
        stop.countDown();
      }
    }

    int exitCode() {
      return exitCode;
    }
  }
  /** Checks the option values; package-private for the tests that resolve the chart's environment. */
  void validate() {
    try {
      if (Durations.parse(verifyInterval).compareTo(SpecValidation.MIN_VERIFY_INTERVAL) < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--verify-interval must be at least 1m");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--verify-interval: " + e.getMessage());
    }
    if (haloRateLimit < 2) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--halo-rate-limit must be at least 2");
    }
    try {
      if (Durations.parse(haloRateWindow).compareTo(java.time.Duration.ofSeconds(1)) < 0) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--halo-rate-window must be at least 1s");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--halo-rate-window: " + e.getMessage());
    }
    if (opsPort < 0 || opsPort > 65535) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ops-port must be between 0 and 65535");
    }
    if (reconcileThreads < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--reconcile-threads must be at least 1");
    }
    if (!logFormat.equalsIgnoreCase("text") && !logFormat.equalsIgnoreCase("json")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--log-format must be text or json");
    }
    if (kubeconfig != null && !Files.isReadable(kubeconfig)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--kubeconfig " + kubeconfig + " cannot be read");
    }
  }

  /** The per-instance request budget every link's Halo calls share (see {@link RateBudget}). */
  RateBudget rateBudget() {
    return new RateBudget(haloRateLimit, Durations.parse(haloRateWindow), RateBudget.DEFAULT_MAX_WAIT);
  }

  private KubernetesClient kubernetesClient() throws java.io.IOException {
    if (kubeconfig == null) {
      return new KubernetesClientBuilder().build();
    }
    Config config = Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /**
   * After the operator stopped reconciling: hands the Lease back if this replica holds it, so that a standby
   * takes over within its retry period instead of waiting for the Lease to expire (JOSDK does not release
   * it). The write carries the Lease's resourceVersion: if another replica took it meanwhile, nothing changes.
   */
  private void releaseLease(KubernetesClient kube) {
    if (leaseNamespaceInUse == null) {
      return;
    }
    try {
      Lease lease = kube.leases().inNamespace(leaseNamespaceInUse).withName(LEASE_NAME).get();
      if (lease == null || lease.getSpec() == null || !identityInUse.equals(lease.getSpec().getHolderIdentity())) {
        return;
      }
      lease.getSpec().setHolderIdentity(null);
      lease.getSpec().setLeaseDurationSeconds(1);
      lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
      kube.leases().inNamespace(leaseNamespaceInUse).resource(lease).update();
      log.info("released the Lease {}/{}", leaseNamespaceInUse, LEASE_NAME);
    } catch (KubernetesClientException e) {
      log.warn("could not release the Lease {}/{}: {}", leaseNamespaceInUse, LEASE_NAME, e.getMessage());
    }
  }

  /** The host name (a pod's name), else a random id: what identifies this replica in the Lease. */
  private static String defaultIdentity() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException e) {
        host = null;
      }
    }
    return host == null || host.isBlank() ? UUID.randomUUID().toString() : host;
  }

  private OperatorRuntime.Settings settings(KubernetesClient kube, Lifecycle lifecycle) {
    Set<String> namespaces = Arrays.stream(watchNamespaces.split(",")).map(String::strip).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
    LeaderElectionConfiguration election = null;
    if (leaderElection) {
      leaseNamespaceInUse = leaseNamespace.isBlank() ? kube.getNamespace() : leaseNamespace;
      identityInUse = identity.isBlank() ? defaultIdentity() : identity;
      var callbacks = new LeaderCallbacks(() -> log.info("leading: reconciling HaloLinks"),
          lifecycle::leadershipLost, leader -> log.info("the leader is {}", leader));
      election = new LeaderElectionConfiguration(LEASE_NAME, leaseNamespaceInUse,
          LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE, LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
          LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE, identityInUse, callbacks, false);
    }
    var reconcile = new ReconcileSettings(Durations.parse(verifyInterval), SpecValidation.MIN_VERIFY_INTERVAL);
    return new OperatorRuntime.Settings(namespaces, reconcile, reconcileThreads, true, election);
  }

  /** Feeds the halolinks{ready} gauge from what the reconciler concluded. */
  static HaloLinkReconciler.LinkObserver readinessGauge(PrometheusMeterRegistry registry) {
    LinkReadinessGauge gauge = new LinkReadinessGauge(registry);
    return new HaloLinkReconciler.LinkObserver() {
      @Override
      public void observed(HaloLink link, HaloLinkStatus status) {
        gauge.update(key(link), status.condition("Ready").map(c -> c.getStatus()).orElse(null));
      }

      @Override
      public void deleted(HaloLink link) {
        gauge.remove(key(link));
      }

      private String key(HaloLink link) {
        return link.getMetadata().getNamespace() + "/" + link.getMetadata().getName();
      }
    };
  }
}
