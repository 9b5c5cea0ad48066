package io.psalink.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.psalink.api.v1alpha1.CredentialsSecretRef;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.halo.HaloPermissions;
import io.psalink.sandbox.halo.Agent;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import io.psalink.sandbox.halo.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One headless run of the sandbox machinery: the fabric8 mock Kubernetes API (CRUD) and the Halo simulator in this
 * JVM, the operator in this JVM or its own, N links over T tenants; measures the ramp to Ready, then the steady state.
 */
public final class Bench {
  static final String NAMESPACE = "bench";
  static final String WARMUP = "warmup";
  static final String SOLO = "solo";
  private static final String CRD_RESOURCE = "META-INF/fabric8/halolinks.psalink.io-v1.yml";
  private static final int APPLY_THREADS = 4;
  private static final Duration SETTLE = Duration.ofMillis(500);
  private static final int WARMUP_TENANTS = 5;
  private static final Duration QUIET = Duration.ofSeconds(3);

  private final BenchConfig config;
  private final java.util.function.Consumer<String> progress;

  public Bench(BenchConfig config, java.util.function.Consumer<String> progress) {
    this.config = config;
    this.progress = progress;
  }

  public BenchResult run() throws InterruptedException {
    try (ProcessStats benchStats = new ProcessStats(Duration.ofMillis(20));
        World world = new World()) {
      OperatorSide.Options options = new OperatorSide.Options(world.mock.url("/"), NAMESPACE,
          config.reconcileThreads(), config.parallelProbes(), config.verifyInterval().toMillis(),
          Math.min(config.verifyInterval().toMillis(), 1000), config.operatorBudget().requests(),
          config.operatorBudget().window().toMillis());
      progress.accept("starting the operator (" + (config.forkOperator() ? "own JVM " + config.operatorJvmOptions()
          : "this JVM") + ", probes " + (config.parallelProbes() ? "parallel" : "sequential") + ")");
      try (OperatorSide operator = config.forkOperator()
          ? new ForkedOperator(options, config.operatorJvmOptions(), config.workDir().resolve("operator-"
              + (config.parallelProbes() ? "parallel" : "sequential") + ".log"))
          : new OperatorSide.InProcess(options, benchStats);
          ReadyWatch watch = new ReadyWatch(world.kube)) {
        return measure(world, operator, watch, benchStats);
      }
    }
  }

  private BenchResult measure(World world, OperatorSide operator, ReadyWatch watch, ProcessStats benchStats)
      throws InterruptedException {
    double coldMs = -1;
    if (config.warmup() > 0) {
      // the first link after start pays class loading and first connections: measured alone, as the cold figure
      Instance first = world.tenant(WARMUP);
      long applied = System.nanoTime();
      world.apply(link(WARMUP, first, WARMUP));
      coldMs = watch.await(Set.of(WARMUP), Duration.ofSeconds(60)) ? millis(watch.readyAt(WARMUP) - applied) : -1;
      progress.accept("first link after start Ready in " + fmt(coldMs) + " ms");
      // then enough passes for the JIT to compile the hot paths of both sides, as in a long-running operator
      Set<String> warm = new java.util.HashSet<>();
      List<Instance> warmTenants = new ArrayList<>();
      for (int t = 0; t < Math.min(WARMUP_TENANTS, config.warmup()); t++) {
        warmTenants.add(world.tenant(WARMUP + "-" + t));
      }
      for (int i = 1; i < config.warmup(); i++) {
        Instance tenant = warmTenants.get(i % warmTenants.size());
        warm.add(WARMUP + "-" + i);
        world.apply(link(WARMUP + "-" + i, tenant, tenant.name()));
      }
      watch.await(warm, Duration.ofSeconds(120));
      // deleted again (their cleanup warms that path too), so that they add no load to what is measured
      world.deleteAll(l -> l.getMetadata().getName().startsWith(WARMUP), Duration.ofSeconds(120));
      progress.accept(config.warmup() + " warm-up links Ready and deleted");
      Thread.sleep(QUIET.toMillis()); // let the JIT compiler threads finish
    }
    double soloMs = -1;
    if (config.links() > 1) {
      // one warm link alone on its tenant, for the critical path and the single-link time of this run
      Instance solo = world.tenant(SOLO);
      long applied = System.nanoTime();
      world.apply(link(SOLO, solo, SOLO));
      soloMs = watch.await(Set.of(SOLO), Duration.ofSeconds(60)) ? millis(watch.readyAt(SOLO) - applied) : -1;
      Thread.sleep(SETTLE.toMillis());
    }
    List<Instance> tenants = new ArrayList<>();
    for (int t = 0; t < config.tenants(); t++) {
      tenants.add(world.tenant(tenantName(t)));
    }
    List<HaloLink> links = new ArrayList<>();
    for (int i = 0; i < config.links(); i++) {
      Instance tenant = tenants.get(i % tenants.size());
      links.add(link(linkName(i), tenant, tenant.name()));
    }
    Set<String> names = ConcurrentHashMap.newKeySet();
    links.forEach(l -> names.add(l.getMetadata().getName()));

    // ---- ramp: apply everything, wait for every link to be Ready
    OperatorSide.Report beforeRamp = operator.report(false);
    double benchCpuBefore = ProcessStats.cpuSeconds();
    Instant rampStart = Instant.now();
    progress.accept("applying " + config.links() + " links over " + config.tenants() + " tenants, RTT "
        + config.rtt().toMillis() + " ms");
    Map<String, Long> appliedAt = new ConcurrentHashMap<>();
    Map<String, Long> applyCall = new ConcurrentHashMap<>();
    long firstApply = System.nanoTime();
    ExecutorService appliers = Executors.newFixedThreadPool(APPLY_THREADS);
    List<Future<?>> pending = new ArrayList<>();
    for (HaloLink l : links) {
      pending.add(appliers.submit(() -> {
        long start = System.nanoTime();
        appliedAt.put(l.getMetadata().getName(), start);
        world.apply(l);
        applyCall.put(l.getMetadata().getName(), System.nanoTime() - start);
      }));
    }
    for (Future<?> f : pending) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("could not apply a link", e.getCause());
      }
    }
    appliers.shutdown();
    double applyAllMs = millis(System.nanoTime() - firstApply);
    boolean allReady = watch.await(names, config.readyTimeout());
    long lastReady = names.stream().mapToLong(n -> watch.readyAt(n)).filter(t -> t > 0).max().orElse(System.nanoTime());
    // the pass that made the last link Ready records its event just after the status write: let it land
    Thread.sleep(SETTLE.toMillis());
    Instant rampEnd = Instant.now();
    OperatorSide.Report afterRamp = operator.report(false);
    double benchCpuAfterRamp = ProcessStats.cpuSeconds();
    long[] times = names.stream().filter(n -> watch.readyAt(n) > 0)
        .mapToLong(n -> watch.readyAt(n) - appliedAt.get(n)).toArray();
    progress.accept((allReady ? "all " : times.length + " of ") + config.links() + " links Ready in "
        + fmt(millis(lastReady - firstApply)) + " ms");

    // ---- steady state: nothing changes; count what the verify passes cost
    progress.accept("observing the steady state for " + config.steadyWindow().toSeconds() + " s (verify interval "
        + config.verifyInterval().toSeconds() + " s)");
    Thread.sleep(config.steadyWindow().toMillis());
    Instant steadyEnd = Instant.now();
    OperatorSide.Report afterSteady = operator.report(true);
    double benchCpuEnd = ProcessStats.cpuSeconds();
    ProcessStats.Snapshot benchSnapshot = benchStats.snapshot(true);

    // ---- what Halo saw
    Map<String, List<RecordedRequest>> logs = new HashMap<>();
    tenants.forEach(t -> logs.put(t.name(), t.requests()));
    Predicate<RecordedRequest> inRamp = r -> !r.time().isBefore(rampStart) && r.time().isBefore(rampEnd);
    Predicate<RecordedRequest> inSteady = r -> !r.time().isBefore(rampEnd) && r.time().isBefore(steadyEnd);
    long rampRequests = count(logs, inRamp);
    long steadyRequests = count(logs, inSteady);
    double intervals = config.steadyWindow().toMillis() / (double) config.verifyInterval().toMillis();
    double lifetimes = config.steadyWindow().toMillis() / (double) config.tokenLifetime().toMillis();
    long steadyPasses = count(logs, inSteady.and(r -> r.path().equalsIgnoreCase("/api/Agent/me")));
    long steadyTokens = count(logs, inSteady.and(RecordedRequest::tokenRequest));
    long maxTokensOneTenant = logs.values().stream()
        .mapToLong(l -> l.stream().filter(inSteady.and(RecordedRequest::tokenRequest)).count()).max().orElse(0);
    Duration refreshPeriod = config.tokenLifetime().minus(refreshMargin(config.tokenLifetime()));
    long tokensAllowed = (long) Math.ceil(config.steadyWindow().toMillis() / (double) refreshPeriod.toMillis());
    int maxInRateWindow = tenants.stream()
        .mapToInt(t -> t.maxRequestsInWindow(config.operatorBudget().window())).max().orElse(0);
    long rateLimited = logs.values().stream().flatMap(List::stream).filter(r -> r.status() == 429).count();
    var halo = new BenchResult.Halo(rampRequests, round(rampRequests / (double) config.links()),
        millis(lastReady - firstApply) > config.verifyInterval().toMillis(), byPath(logs, inRamp), steadyRequests,
        probesPerPass(), round(steadyRequests / (double) config.links() / intervals), steadyPasses,
        round(steadyPasses == 0 ? 0 : (steadyRequests - steadyTokens) / (double) steadyPasses),
        round(steadyPasses / (double) config.links() / intervals), byPath(logs, inSteady),
        count(logs, inRamp.and(RecordedRequest::tokenRequest)), steadyTokens,
        round(steadyTokens / (double) config.tenants() / lifetimes), maxTokensOneTenant, tokensAllowed,
        maxInRateWindow, rateLimited);

    KubeCalls.Counts ramp = afterRamp.kube().minus(beforeRamp.kube());
    KubeCalls.Counts steady = afterSteady.kube().minus(afterRamp.kube());
    var kube = new BenchResult.Kubernetes(ramp.writes(), round(ramp.writes() / (double) config.links()),
        ramp.writesByKind(), ramp.events(), ramp.reads(), steady.writes(), steady.writesByKind(), steady.events(),
        steady.reads());

    var operatorProcess = process(afterSteady.process(), beforeRamp.process().cpuSeconds(),
        afterRamp.process().cpuSeconds());
    var benchProcess = new BenchResult.Process(benchSnapshot.peakHeapMiB(), benchSnapshot.liveHeapMiB(),
        benchSnapshot.maxHeapMiB(), benchSnapshot.peakRssMiB(), round(benchCpuEnd),
        round(benchCpuAfterRamp - benchCpuBefore), round(benchCpuEnd - benchCpuAfterRamp));

    var ready = new BenchResult.ReadyTimes(times.length, config.links(), Percentiles.of(times, 50) / 1e6,
        Percentiles.of(times, 95) / 1e6, Percentiles.of(times, 100) / 1e6, Percentiles.of(times, 0) / 1e6,
        round(millis(lastReady - firstApply)), round(applyAllMs),
        Percentiles.of(applyCall.values().stream().mapToLong(Long::longValue).toArray(), 50) / 1e6,
        Percentiles.of(applyCall.values().stream().mapToLong(Long::longValue).toArray(), 100) / 1e6, round(coldMs));
    ready = roundAll(ready);

    var path = criticalPath(tenants, logs, watch, appliedAt, world, soloMs);
    var settings = new BenchResult.Settings(config.links(), config.tenants(), config.rtt().toMillis(),
        config.parallelProbes(), config.reconcileThreads(), config.verifyInterval().toMillis() / 1000.0,
        config.steadyWindow().toMillis() / 1000.0, config.tokenLifetime().toMillis() / 1000.0,
        config.haloRateLimit() == null ? null : config.haloRateLimit().toString(),
        config.operatorBudget().toString(), config.webhooksPerLink(),
        config.warmup(), operator.separateProcess(), operator.separateProcess() ? config.operatorJvmOptions() : List.of(),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), Runtime.getRuntime().availableProcessors());
    var result = new BenchResult(settings, ready, path, halo, kube,
        new BenchResult.Processes(operatorProcess, benchProcess), List.of());
    return new BenchResult(settings, ready, path, halo, kube, result.process(), Targets.evaluate(result));
  }

  private static BenchResult.ReadyTimes roundAll(BenchResult.ReadyTimes r) {
    return new BenchResult.ReadyTimes(r.ready(), r.links(), round(r.p50Ms()), round(r.p95Ms()), round(r.maxMs()),
        round(r.minMs()), r.allMs(), r.applyAllMs(), round(r.applyCallP50Ms()), round(r.applyCallMaxMs()),
        r.coldFirstLinkMs());
  }

  private static BenchResult.Process process(ProcessStats.Snapshot end, double cpuBeforeRamp, double cpuAfterRamp) {
    return new BenchResult.Process(end.peakHeapMiB(), end.liveHeapMiB(), end.maxHeapMiB(), end.peakRssMiB(),
        round(end.cpuSeconds()), round(cpuAfterRamp - cpuBeforeRamp), round(end.cpuSeconds() - cpuAfterRamp));
  }

  /**
   * The first pass of one link alone on its tenant, as round trips: the only link of a one-link run, else the
   * warm-up link.
   */
  private BenchResult.CriticalPath criticalPath(List<Instance> tenants, Map<String, List<RecordedRequest>> logs,
      ReadyWatch watch, Map<String, Long> appliedAt, World world, double soloMs) {
    String on;
    List<RecordedRequest> requests;
    double singleMs;
    if (config.links() == 1) {
      on = linkName(0);
      requests = logs.get(tenants.get(0).name());
      singleMs = millis(watch.readyAt(on) - appliedAt.get(on));
    } else {
      on = SOLO + " (alone on its tenant, applied before the others)";
      requests = world.simulator.instance(SOLO).requests();
      singleMs = soloMs;
    }
    Instant firstPassEnd = requests.isEmpty() ? Instant.MAX
        : requests.get(0).time().plus(config.verifyInterval().dividedBy(2));
    List<RecordedRequest> firstPass = requests.stream().filter(r -> r.time().isBefore(firstPassEnd)).toList();
    int trips = CriticalPath.roundTrips(firstPass, config.rtt());
    int floor = CriticalPath.floorRoundTrips(config.webhooksPerLink());
    double floorMs = floor * (double) config.rtt().toMillis();
    List<String> described = firstPass.stream()
        .map(r -> "+" + Duration.between(firstPass.get(0).time(), r.time()).toMillis() + "ms " + r.method() + " " + r.path())
        .toList();
    double toFirst = -1;
    double afterLast = -1;
    if (config.links() == 1 && !firstPass.isEmpty()) {
      // wall clock of the simulator against the bench's nanoTime: both read now, close enough for milliseconds
      long nowNanos = System.nanoTime();
      Instant nowWall = Instant.now();
      long applied = appliedAt.get(on);
      long firstArrival = nowNanos - Duration.between(firstPass.get(0).time(), nowWall).toNanos();
      long lastArrival = nowNanos - Duration.between(firstPass.get(firstPass.size() - 1).time(), nowWall).toNanos();
      toFirst = round(millis(firstArrival - applied));
      afterLast = round(millis(watch.readyAt(on) - lastArrival) - config.rtt().toMillis());
    }
    return new BenchResult.CriticalPath(on, trips, floor, floorMs, round(singleMs),
        singleMs < 0 || floorMs == 0 ? -1 : round(singleMs / floorMs), toFirst, afterLast, described);
  }

  /** What a steady pass of a bench link must ask: the agent, each read-permission probe, and the webhook list. */
  static int probesPerPass() {
    int probes = 0;
    for (String p : HaloLinkSpec.DEFAULT_PERMISSIONS) {
      if (HaloPermissions.probePath(p).isPresent() && !p.equals("admin:webhooks")) {
        probes++;
      }
    }
    return 1 + probes + 1;
  }

  /** The token cache's refresh margin: 10 % of the lifetime, at most 60 s. */
  static Duration refreshMargin(Duration lifetime) {
    Duration tenth = lifetime.dividedBy(10);
    return tenth.compareTo(Duration.ofSeconds(60)) < 0 ? tenth : Duration.ofSeconds(60);
  }

  private static long count(Map<String, List<RecordedRequest>> logs, Predicate<RecordedRequest> which) {
    return logs.values().stream().flatMap(List::stream).filter(which).count();
  }

  /** Requests by method and path with ids folded, e.g. {@code POST /auth/token}, {@code GET /api/Tickets}. */
  private static Map<String, Long> byPath(Map<String, List<RecordedRequest>> logs, Predicate<RecordedRequest> which) {
    Map<String, Long> out = new TreeMap<>();
    logs.values().stream().flatMap(List::stream).filter(which)
        .forEach(r -> out.merge(r.method() + " " + r.path().replaceAll("/[0-9a-fA-F-]{8,}$", "/{id}"), 1L, Long::sum));
    return out;
  }

  private HaloLink link(String name, Instance tenant, String secretName) {
    HaloLink link = new HaloLink();
    link.getMetadata().setName(name);
    link.getMetadata().setNamespace(NAMESPACE);
    HaloLinkSpec spec = new HaloLinkSpec();
    spec.setResourceServer(tenant.baseUrl());
    spec.setCredentialsSecretRef(new CredentialsSecretRef(secretName));
    List<WebhookSpec> hooks = new ArrayList<>();
    for (int w = 0; w < config.webhooksPerLink(); w++) {
      hooks.add(new WebhookSpec("alerts" + (w == 0 ? "" : "-" + w), "https://platform.example/hooks/halo/" + name,
          List.of(1, 2)));
    }
    spec.setWebhooks(hooks);
    link.setSpec(spec);
    return link;
  }

  static String tenantName(int t) {
    return String.format("t%05d", t);
  }

  static String linkName(int i) {
    return String.format("link-%05d", i);
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  private static String fmt(double ms) {
    return String.format("%.0f", ms);
  }

  /** The simulated outside world: mock Kubernetes API with the CRD and namespace, and the Halo simulator. */
  private final class World implements AutoCloseable {
    final KubernetesMockServer mock;
    final KubernetesClient kube;
    final HaloSimulator simulator;

    World() {
      mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
          new io.psalink.sandbox.kube.IndexedCrudDispatcher(), false);
      mock.init();
      kube = mock.createClient(new JdkHttpClientFactory());
      try (InputStream crd = crd()) {
        kube.apiextensions().v1().customResourceDefinitions().load(crd).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      simulator = HaloSimulator.start();
    }

    /** A tenant with an API-only agent, an application with every permission, and its credentials Secret. */
    Instance tenant(String name) {
      Instance instance = simulator.instance(name).latency(config.rtt()).tokenLifetime(config.tokenLifetime());
      if (config.haloRateLimit() != null && !name.startsWith(WARMUP) && !name.equals(SOLO)) {
        instance.rateLimit(config.haloRateLimit().requests(), config.haloRateLimit().window(), false);
      }
      Agent agent = instance.addAgent(name + "_api").setApiOnly(true);
      String clientId = name + "-client";
      String secret = "cs-" + java.util.UUID.randomUUID();
      instance.addApplication(clientId, secret, Set.copyOf(HaloLinkSpec.DEFAULT_PERMISSIONS), agent);
      kube.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(name)
          .withNamespace(NAMESPACE).endMetadata()
          .addToStringData("client_id", clientId).addToStringData("client_secret", secret).build()).create();
      return instance;
    }

    /** Deletes the matching links and waits until the operator has let them go (finalizer removed). */
    void deleteAll(Predicate<HaloLink> which, Duration timeout) throws InterruptedException {
      var links = kube.resources(HaloLink.class).inNamespace(NAMESPACE);
      links.list().getItems().stream().filter(which).forEach(l -> links.resource(l).delete());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (links.list().getItems().stream().anyMatch(which) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
    }

    void apply(HaloLink link) {
      kube.resources(HaloLink.class).inNamespace(NAMESPACE).resource(link).create();
    }

    private InputStream crd() throws IOException {
      InputStream in = Bench.class.getClassLoader().getResourceAsStream(CRD_RESOURCE);
      return in != null ? in : Files.newInputStream(Path.of("crds/halolinks.psalink.io-v1.yml"));
    }

    @Override
    public void close() {
      simulator.close();
      kube.close();
      mock.destroy();
    }
  }

  /** First time each link shows Ready=True, from a watch of the bench's own (uncounted) client. */
  private static final class ReadyWatch implements Watcher<HaloLink>, AutoCloseable {
    private final Map<String, Long> readyAt = new ConcurrentHashMap<>();
    private final Set<String> counted = ConcurrentHashMap.newKeySet();
    private final Watch watch;
    private volatile CountDownLatch latch;
    private volatile Set<String> awaited = Set.of();

    ReadyWatch(KubernetesClient kube) {
      watch = kube.resources(HaloLink.class).inNamespace(NAMESPACE).watch(this);
    }

    @Override
    public void eventReceived(Action action, HaloLink link) {
      long now = System.nanoTime();
      if (link.getStatus() == null || link.getStatus().condition("Ready")
          .filter(c -> "True".equals(c.getStatus())).isEmpty()) {
        return;
      }
      String name = link.getMetadata().getName();
      readyAt.putIfAbsent(name, now);
      tick(name);
    }

    @Override
    public void onClose(WatcherException cause) {
      // the bench ends with a missing count and says so
    }

    /** Counts a link down once, whether its event or the look at the start of {@link #await} saw it first. */
    private void tick(String name) {
      if (awaited.contains(name) && counted.add(name)) {
        latch.countDown();
      }
    }

    long readyAt(String name) {
      Long t = readyAt.get(name);
      return t == null ? 0 : t;
    }

    /** Waits until all {@code names} were Ready; false at the timeout. */
    synchronized boolean await(Set<String> names, Duration timeout) throws InterruptedException {
      latch = new CountDownLatch(names.size());
      awaited = names;
      for (String n : names) {
        if (readyAt.containsKey(n)) {
          tick(n);
        }
      }
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
      watch.close();
    }
  }
}
