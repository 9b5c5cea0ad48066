package io.psalink.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.ops.OpsServer;
import io.psalink.sandbox.halo.Agent;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import io.psalink.sandbox.kube.EmbeddedKubeApi;
import io.psalink.testing.OperatorFixture;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code run} as the container runs it: against the fabric8 mock API (CRUD, plus the one
 * SelfSubjectRulesReview that JOSDK's leader election asks before it starts) through a kubeconfig, with
 * the Halo simulator behind the links, stopped by interrupting its thread as a SIGTERM would.
 */
class RunCommandTest {
  static final String NS = OperatorFixture.NS;
  static final String LEASE_NS = "psa-system";
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  final List<AutoCloseable> cleanup = new ArrayList<>();
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void tearDown() throws Exception {
    for (int i = cleanup.size() - 1; i >= 0; i--) {
      cleanup.get(i).close();
    }
  }

  /** {@code run} replaced the test logging configuration; put logback-test.xml back for the next classes. */
  @AfterAll
  static void restoreTestLogging() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void servesHealthReadinessAndHaloCallMetricsAfterAReconcileAndHoldsTheLease() throws Exception {
    KubernetesClient kube = mockApi();
    HaloSimulator halo = simulator();
    Instance instance = halo.instance("acme");
    Agent agent = instance.addAgent("acme_api").setApiOnly(true);
    instance.addApplication("acme-client", "cs-acme-secret", Set.copyOf(OperatorFixture.ALL_PERMISSIONS), agent);

    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(new Tee(stdout, logs), true, StandardCharsets.UTF_8));
    Running run;
    try {
      run = start("replica-a", "--log-format", "json");
      awaitStatus(run, OpsServer.READYZ, 200);
      assertThat(get(run, OpsServer.HEALTHZ).statusCode()).isEqualTo(200);

      kube.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("acme-halo").endMetadata()
          .addToData("client_id", b64("acme-client")).addToData("client_secret", b64("cs-acme-secret")).build())
          .create();
      kube.resources(HaloLink.class).inNamespace(NS)
          .resource(OperatorFixture.link("acme", instance.baseUrl(), "acme-halo")).create();
      await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
        HaloLink l = kube.resources(HaloLink.class).inNamespace(NS).withName("acme").get();
        return l != null && l.getStatus() != null && l.getStatus().condition("Ready")
            .filter(c -> "True".equals(c.getStatus())).isPresent();
      });

      // the gauge follows the status the reconciler wrote; scrape until it has caught up
      await().atMost(WAIT).until(() -> sample(get(run, OpsServer.METRICS).body(), "halolinks", "ready=\"true\"")
          .orElse(0.0) == 1.0);
      HttpResponse<String> metrics = get(run, OpsServer.METRICS);
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      String body = metrics.body();
      assertThat(sample(body, "halo_api_requests_total", "endpoint=\"agent/me\"", "method=\"GET\"", "status=\"200\""))
          .as("calls to agent/me in\n%s", body).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
      assertThat(sample(body, "halo_api_requests_total", "endpoint=\"token\"", "method=\"POST\"", "status=\"200\""))
          .as("token calls").hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
      assertThat(sample(body, "halo_api_request_duration_seconds_count", "endpoint=\"agent/me\"", "status=\"200\""))
          .hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1.0));
      assertThat(sample(body, "halolinks", "ready=\"false\"")).contains(0.0);
      assertThat(sample(body, "halolinks", "ready=\"unknown\"")).contains(0.0);
      assertThat(body).as("JOSDK's meters").containsPattern("(?m)^operator_sdk_\\w+");
      assertThat(body).as("no credential in a label").doesNotContain("cs-acme-secret").doesNotContain("acme-client");

      assertThat(holder(kube)).contains("replica-a");
      run.stop();
    } finally {
      System.setOut(stdout);
    }
    // an orderly stop releases the Lease rather than leaving a standby to wait for it to expire
    assertThat(holder(kube)).isNotEqualTo(Optional.of("replica-a"));

    List<JsonNode> lines = jsonLines(logs.toString(StandardCharsets.UTF_8));
    assertThat(lines).extracting(l -> l.path("formattedMessage").asText())
        .contains("operator started (namespaces: all, leader election: true, Halo budget: 250 requests per 5 min per instance)", "operator stopped");
    assertThat(lines).allSatisfy(l -> assertThat(l.path("level").asText()).isNotEmpty());
    assertThat(logs.toString(StandardCharsets.UTF_8)).doesNotContain("cs-acme-secret");
  }

  @Test
  void runsAgainstTheSandboxsApiWithLeaderElectionOn() throws Exception {
    EmbeddedKubeApi api = EmbeddedKubeApi.start(0);
    cleanup.add(api);
    KubernetesClient kube = api.client();
    try (var in = new FileInputStream("crds/halolinks.psalink.io-v1.yml")) {
      kube.apiextensions().v1().customResourceDefinitions().load(in).create();
    }
    for (String ns : List.of(NS, LEASE_NS)) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    api.writeKubeconfig(dir.resolve("kubeconfig"));
    HaloSimulator halo = simulator();
    Instance instance = halo.instance("sandboxed");
    Agent agent = instance.addAgent("sandboxed_api").setApiOnly(true);
    instance.addApplication("sb-client", "cs-sb-secret", Set.copyOf(OperatorFixture.ALL_PERMISSIONS), agent);

    Running run = start("replica-sandbox");
    awaitStatus(run, OpsServer.READYZ, 200);
    kube.secrets().inNamespace(NS).resource(new SecretBuilder().withNewMetadata().withName("sb-halo").endMetadata()
        .addToData("client_id", b64("sb-client")).addToData("client_secret", b64("cs-sb-secret")).build()).create();
    kube.resources(HaloLink.class).inNamespace(NS)
        .resource(OperatorFixture.link("sandboxed", instance.baseUrl(), "sb-halo")).create();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      HaloLink l = kube.resources(HaloLink.class).inNamespace(NS).withName("sandboxed").get();
      return l != null && l.getStatus() != null && l.getStatus().condition("Ready")
          .filter(c -> "True".equals(c.getStatus())).isPresent();
    });
    assertThat(holder(kube)).contains("replica-sandbox");
    run.stop();
  }

  @Test
  void aStandbyIsReadyWhileTheLeaderHoldsTheLeaseAndTakesOverWhenItStops() throws Exception {
    KubernetesClient kube = mockApi();
    Running leader = start("replica-a");
    awaitStatus(leader, OpsServer.READYZ, 200);
    await().atMost(WAIT).until(() -> holder(kube).equals(Optional.of("replica-a")));

    Running standby = start("replica-b");
    awaitStatus(standby, OpsServer.READYZ, 200);
    assertThat(get(standby, OpsServer.HEALTHZ).statusCode()).isEqualTo(200);
    assertThat(get(standby, OpsServer.METRICS).statusCode()).isEqualTo(200);
    assertThat(get(leader, OpsServer.READYZ).statusCode()).isEqualTo(200);
    assertThat(kube.leases().inNamespace(LEASE_NS).list().getItems()).hasSize(1);
    assertThat(holder(kube)).contains("replica-a");

    leader.stop();
    await().atMost(WAIT).until(() -> holder(kube).equals(Optional.of("replica-b")));
    assertThat(get(standby, OpsServer.READYZ).statusCode()).isEqualTo(200);
    standby.stop();
  }

  @Test
  void aLeaderThatLosesTheLeaseStopsWithExitCode1() throws Exception {
    KubernetesClient kube = mockApi();
    Running run = start("replica-a");
    awaitStatus(run, OpsServer.READYZ, 200);
    await().atMost(WAIT).until(() -> holder(kube).equals(Optional.of("replica-a")));

    kube.leases().inNamespace(LEASE_NS).withName(RunCommand.LEASE_NAME).edit(lease -> {
      lease.getSpec().setHolderIdentity("another-replica");
      lease.getSpec().setRenewTime(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
      return lease;
    });

    run.thread.join(WAIT.toMillis());
    assertThat(run.thread.isAlive()).as("still running after losing the Lease").isFalse();
    assertThat(run.exit.get()).isEqualTo(1);
    assertThat(holder(kube)).as("not taken back on the way out").contains("another-replica");
    try (ServerSocket again = new ServerSocket(run.port)) {
      assertThat(again.getLocalPort()).isEqualTo(run.port);
    }
  }

  @Test
  void badFlagsAreUsageErrorsWithAClearMessageBeforeAnythingStarts() {
    assertUsageError("--verify-interval must be at least 1m", "--verify-interval", "10s");
    assertUsageError("--verify-interval: expected a duration such as 90s, 10m or 1h30m", "--verify-interval", "soon");
    assertUsageError("--log-format must be text or json", "--log-format", "xml");
    assertUsageError("--reconcile-threads must be at least 1", "--reconcile-threads", "0");
    assertUsageError("Invalid value for option '--reconcile-threads'", "--reconcile-threads", "many");
    assertUsageError("Invalid value for option '--ops-port'", "--ops-port", "http");
    assertUsageError("--ops-port must be between 0 and 65535", "--ops-port", "99999");
    assertUsageError("--halo-rate-limit must be at least 2", "--halo-rate-limit", "1");
    assertUsageError("--halo-rate-window must be at least 1s", "--halo-rate-window", "10ms");
    assertUsageError("--halo-rate-window: expected a duration", "--halo-rate-window", "hourly");
    assertUsageError("Invalid value for option '--leader-election'", "--leader-election", "maybe");
    assertUsageError("cannot be read", "--kubeconfig", dir.resolve("absent").toString());
    assertUsageError("Unknown options: '--watch-namespace'", "--watch-namespace", "a");
  }

  @Test
  void anOpsPortInUseIsNamedInOneLine() throws Exception {
    mockApi();
    try (ServerSocket taken = new ServerSocket(0)) {
      assertUsageError("--ops-port " + taken.getLocalPort() + " is in use", "--kubeconfig",
          dir.resolve("kubeconfig").toString(), "--leader-election", "false", "--ops-port",
          Integer.toString(taken.getLocalPort()));
    }
  }

  @Test
  void environmentVariablesSetTheDefaultsAndFlagsWin() {
    assertThat(RunCommandTestEnv.envOptions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "WATCH_NAMESPACES", "--watch-namespaces", "LEADER_ELECTION", "--leader-election",
        "POD_NAMESPACE", "--lease-namespace", "POD_NAME", "--identity", "VERIFY_INTERVAL", "--verify-interval",
        "RECONCILE_THREADS", "--reconcile-threads", "LOG_FORMAT", "--log-format", "OPS_PORT", "--ops-port",
        "HALO_RATE_LIMIT", "--halo-rate-limit", "HALO_RATE_WINDOW", "--halo-rate-window"));

    assertThat(RunCommandTestEnv.resolve(Map.of(), "run"))
        .isEqualTo(new RunCommandTestEnv.Resolved("", true, "", "", "10m", 50, "text", 8080, 250, "5m"));

    Map<String, String> env = Map.of("WATCH_NAMESPACES", "a,b", "LEADER_ELECTION", "false",
        "POD_NAMESPACE", "psa-system", "POD_NAME", "plo-7d9f-x2", "VERIFY_INTERVAL", "90s",
        "RECONCILE_THREADS", "4", "LOG_FORMAT", "json", "OPS_PORT", "9443", "HALO_RATE_LIMIT", "100",
        "HALO_RATE_WINDOW", "1m");
    assertThat(RunCommandTestEnv.resolve(env, "run"))
        .isEqualTo(new RunCommandTestEnv.Resolved("a,b", false, "psa-system", "plo-7d9f-x2", "90s", 4, "json", 9443,
            100, "1m"));
    assertThat(RunCommandTestEnv.resolve(env, "run", "--watch-namespaces", "c", "--leader-election", "true",
        "--verify-interval", "1h", "--reconcile-threads", "8", "--log-format", "text", "--ops-port", "8081",
        "--identity", "me", "--lease-namespace", "ops", "--halo-rate-limit", "300", "--halo-rate-window", "5m"))
        .isEqualTo(new RunCommandTestEnv.Resolved("c", true, "ops", "me", "1h", 8, "text", 8081, 300, "5m"));

    // a bad value from the environment is the same usage error as from a flag
    assertThatThrownBy(() -> RunCommandTestEnv.resolve(Map.of("VERIFY_INTERVAL", "10s"), "run"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--verify-interval must be at least 1m");
    assertThatThrownBy(() -> RunCommandTestEnv.resolve(Map.of("LOG_FORMAT", "xml"), "run"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--log-format must be text or json");
    assertThatThrownBy(() -> RunCommandTestEnv.resolve(Map.of("RECONCILE_THREADS", "0"), "run"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessage("--reconcile-threads must be at least 1");
  }

  @Test
  void helpNamesEveryEnvironmentVariable() {
    StringWriter out = new StringWriter();
    new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("run", "--help");
    assertThat(out.toString().replaceAll("\\s+", " ")).contains(RunCommandTestEnv.envOptions().keySet().stream()
        .map(name -> "env " + name).toList());
  }

  /** Runs the real entry point (minus System.exit) and reads what picocli printed on stderr. */
  void assertUsageError(String message, String... flags) {
    List<String> args = new ArrayList<>(List.of("run"));
    args.addAll(List.of(flags));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stderr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = Main.execute(args.toArray(String[]::new));
    } finally {
      System.setErr(stderr);
    }
    String printed = err.toString(StandardCharsets.UTF_8);
    assertThat(exit).as("exit code of %s; stderr:%n%s", args, printed).isEqualTo(2);
    assertThat(printed.lines().findFirst()).as("first line of stderr for %s", args).hasValueSatisfying(
        first -> assertThat(first).contains(message));
    assertThat(printed).as("usage or a suggestion follows the message")
        .containsAnyOf("Usage: psa-link-operator run", "Possible solutions: --watch-namespaces");
  }

  // ---- the world: mock API, simulator, runs ----

  KubernetesClient mockApi() throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), expectations,
        new KubernetesMixedDispatcher(expectations), false);
    server.init();
    cleanup.add(server::destroy);
    // a real API server answers this review; the CRUD mock would echo it without a status
    SelfSubjectRulesReview review = new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
        .withVerbs("create", "get", "update").endResourceRule().endStatus().build();
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
        .andReturn(201, review).always();
    KubernetesClient kube = server.createClient();
    cleanup.add(kube);
    try (var in = new FileInputStream("crds/halolinks.psalink.io-v1.yml")) {
      kube.apiextensions().v1().customResourceDefinitions().load(in).create();
    }
    for (String ns : List.of(NS, LEASE_NS)) {
      kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
    }
    Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster: {server: "http://%s:%d"}
        users:
        - name: test
          user: {token: test-token}
        contexts:
        - name: mock
          context: {cluster: mock, user: test, namespace: %s}
        current-context: mock
        """.formatted(server.getHostName(), server.getPort(), NS));
    return kube;
  }

  HaloSimulator simulator() {
    HaloSimulator halo = HaloSimulator.start();
    cleanup.add(halo);
    return halo;
  }

  Running start(String identity, String... extra) throws IOException {
    int port = freePort();
    List<String> args = new ArrayList<>(List.of("run", "--kubeconfig", dir.resolve("kubeconfig").toString(),
        "--ops-port", Integer.toString(port), "--leader-election", "true", "--lease-namespace", LEASE_NS,
        "--identity", identity));
    args.addAll(List.of(extra));
    Running run = new Running(identity, port, args.toArray(String[]::new));
    cleanup.add(run::abandon);
    return run;
  }

  /** One {@code run} in a thread of its own, as {@code Main.execute} would run it in the container. */
  final class Running {
    final int port;
    final Thread thread;
    final AtomicInteger exit = new AtomicInteger(-1);

    Running(String identity, int port, String[] args) {
      this.port = port;
      thread = new Thread(() -> exit.set(Main.execute(args)), "run-" + identity);
      thread.start();
    }

    /** What a SIGTERM does through the shutdown hook, without ending the JVM: ends {@code run} with 0. */
    void stop() throws Exception {
      thread.interrupt();
      thread.join(WAIT.toMillis());
      assertThat(thread.isAlive()).as("run still running %s after the interrupt", WAIT).isFalse();
      assertThat(exit.get()).as("exit code").isEqualTo(0);
      try (ServerSocket again = new ServerSocket(port)) {
        assertThat(again.getLocalPort()).as("ops port freed").isEqualTo(port);
      }
    }

    void abandon() throws InterruptedException {
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(WAIT.toMillis());
      }
    }
  }

  void awaitStatus(Running run, String path, int status) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
      assertThat(run.thread.isAlive()).as("run ended early with exit code %s", run.exit.get()).isTrue();
      try {
        return get(run, path).statusCode() == status;
      } catch (IOException notYetListening) {
        return false;
      }
    });
  }

  HttpResponse<String> get(Running run, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static Optional<String> holder(KubernetesClient kube) {
    Lease lease = kube.leases().inNamespace(LEASE_NS).withName(RunCommand.LEASE_NAME).get();
    return Optional.ofNullable(lease).map(Lease::getSpec).map(s -> s.getHolderIdentity()).filter(h -> !h.isEmpty());
  }

  /** The value of the first sample of {@code name} whose labels contain every one of {@code labels}. */
  static Optional<Double> sample(String exposition, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)} (\\S+)$").matcher(exposition);
    while (m.find()) {
      String found = m.group(1);
      if (List.of(labels).stream().allMatch(found::contains)) {
        return Optional.of(Double.parseDouble(m.group(2)));
      }
    }
    return Optional.empty();
  }

  static List<JsonNode> jsonLines(String text) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        try {
          lines.add(json.readTree(line));
        } catch (IOException e) {
          throw new AssertionError("not a JSON line: " + line, e);
        }
      }
    }
    return lines;
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Writes to the test's own stdout and keeps a copy. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
    }
  }
}
