package io.psalink.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.psalink.reconciler.OperatorRuntime;
import io.psalink.reconciler.ReconcileSettings;
import io.psalink.reconciler.SpecValidation;
import io.psalink.sandbox.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's kubectl walkthrough (section "Try it with kubectl"), run with the real kubectl found on
 * PATH against a sandbox started here, asserting on kubectl's own output. Skipped (with a message) when
 * kubectl is not on PATH, except on CI ({@code CI=true}), where that is a failure: {@code .ci/run} installs it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlWalkthroughTest {

  record Result(int exit, String out, String err) {
    String all() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static final String NO_KUBECTL =
      "kubectl is not on PATH: skipping the kubectl walkthrough (install kubectl, e.g. apt-get install kubernetes-client)";
  static final String FIX = "examples/fixes/acme-wrong-secret-fixed.yaml";

  @TempDir
  static Path tmp;

  private static Path kubectl;
  private static Sandbox sandbox;
  private static Path kubeconfig;
  private static final AtomicInteger RUNS = new AtomicInteger();
  private static final java.util.Set<String> RAN = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** The walkthrough's steps as the README prints them; each must be there verbatim and be run above. */
  static final List<String> README_STEPS = List.of(
      "kubectl get hl",
      "kubectl get hl -o wide",
      "kubectl describe hl acme-wrong-secret",
      "kubectl apply -f " + FIX,
      "kubectl wait --for=condition=Ready hl/acme-wrong-secret --timeout=30s",
      "kubectl wait --for=condition=Ready hl/umbrella --timeout=3s");

  @BeforeAll
  static void start() throws Exception {
    kubectl = onPath("kubectl").orElse(null);
    if (kubectl == null && "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("kubectl is not on PATH, and CI=true: .ci/run installs Debian's kubernetes-client for this test");
    }
    if (kubectl == null) {
      System.err.println(NO_KUBECTL); // each test is then reported as skipped with this message
      return;
    }
    var settings = OperatorRuntime.Settings.defaults()
        .withReconcile(new ReconcileSettings(Duration.ofMinutes(1), SpecValidation.MIN_VERIFY_INTERVAL));
    sandbox = Sandbox.start(0, 0, settings);
    sandbox.applyExamples(Path.of("examples"));
    kubeconfig = sandbox.kube().writeKubeconfig(tmp.resolve("kubeconfig"));
    // the examples point at 127.0.0.1:18080; this sandbox's simulator listens elsewhere
    String hooli = Files.readString(Path.of("examples/06-webhook.yaml"))
        .replace("127.0.0.1:18080", "127.0.0.1:" + sandbox.halo().port());
    Files.writeString(tmp.resolve("hooli.yaml"), hooli);
    Instant deadline = Instant.now().plusSeconds(30);
    while (!Sandbox.settled(sandbox.links()) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
    }
    assertThat(Sandbox.settled(sandbox.links())).as("the examples settle\n" + Sandbox.table(sandbox.links())).isTrue();
  }

  @BeforeEach
  void needsKubectl() {
    Assumptions.assumeTrue(kubectl != null, NO_KUBECTL);
  }

  @AfterAll
  static void stop() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  @Test
  @Order(1)
  void getShowsTheLinksWithTheirPrinterColumns() throws Exception {
    Result get = kubectl("get", "hl");
    assertThat(get.exit()).as(get.all()).isZero();
    List<String> lines = get.out().lines().toList();
    assertThat(lines.get(0)).as(get.all()).matches("NAME\\s+READY\\s+REASON\\s+TENANT\\s+WEBHOOKS\\s+AGE");
    assertThat(lines.subList(1, lines.size())).as(get.all()).satisfiesExactly(
        l -> assertThat(l).matches("acme\\s+True\\s+Succeeded\\s+0/0\\s+\\d+s"),
        l -> assertThat(l).matches("acme-wrong-secret\\s+False\\s+InvalidClient\\s+0/0\\s+\\d+s"),
        l -> assertThat(l).matches("globex\\s+False\\s+MissingPermissions\\s+0/0\\s+\\d+s"),
        l -> assertThat(l).matches("hooli\\s+True\\s+Succeeded\\s+hooli\\s+1/1\\s+\\d+s"),
        l -> assertThat(l).matches("initech\\s+True\\s+Succeeded\\s+0/0\\s+\\d+s"),
        l -> assertThat(l).matches("umbrella\\s+False\\s+AgentNotApiOnly\\s+0/0\\s+\\d+s"));
  }

  @Test
  @Order(2)
  void wideOutputAddsTheMessage() throws Exception {
    Result wide = kubectl("get", "hl", "-o", "wide");
    assertThat(wide.exit()).as(wide.all()).isZero();
    assertThat(wide.out().lines().findFirst().orElseThrow())
        .matches("NAME\\s+READY\\s+REASON\\s+TENANT\\s+WEBHOOKS\\s+AGE\\s+MESSAGE");
    assertThat(wide.out()).as(wide.all())
        .containsPattern("globex\\s+False\\s+MissingPermissions\\s+0/0\\s+\\d+s\\s+The API application lacks "
            + "admin:webhooks, edit:invoices\\.")
        .containsPattern("umbrella\\s+False\\s+AgentNotApiOnly\\s+.*not an API-only agent")
        .containsPattern("acme-wrong-secret\\s+False\\s+InvalidClient\\s+.*Halo rejected the client credentials");
  }

  @Test
  @Order(3)
  void describeTellsWhatToFix() throws Exception {
    Result d = kubectl("describe", "hl", "acme-wrong-secret");
    assertThat(d.exit()).as(d.all()).isZero();
    String out = d.out().replaceAll("[ \t]+", " ");
    assertThat(out).as(d.all()).contains(
        "Name: acme-wrong-secret",
        "Conditions:",
        "Reason: InvalidClient",
        "Status: False",
        "Type: Authenticated",
        "Type: Ready",
        "Type: Stalled",
        "Put the right values in the credentials Secret.",
        "Events:");
    assertThat(d.out()).containsPattern(
        "Warning\\s+InvalidClient\\s+\\S+\\s+psa-link-operator\\s+Halo rejected the client credentials");

    Result events = kubectl("get", "events");
    assertThat(events.exit()).as(events.all()).isZero();
    assertThat(events.out()).containsPattern("Warning\\s+InvalidClient\\s+halolink/acme-wrong-secret")
        .containsPattern("Warning\\s+MissingPermissions\\s+halolink/globex")
        .containsPattern("Normal\\s+Succeeded\\s+halolink/acme\\s");
  }

  @Test
  @Order(4)
  void waitTimesOutForALinkThatStaysBroken() throws Exception {
    Result wait = kubectl("wait", "--for=condition=Ready", "hl/umbrella", "--timeout=3s");
    assertThat(wait.exit()).as(wait.all()).isNotZero();
    assertThat(wait.err()).contains("timed out waiting for the condition");
  }

  @Test
  @Order(5)
  void fixingTheSecretMakesTheLinkReady() throws Exception {
    Result apply = kubectl("apply", "-f", FIX);
    assertThat(apply.exit()).as(apply.all()).isZero();
    assertThat(apply.out()).contains("secret/acme-wrong-halo configured");
    // the sandbox stores its examples as kubectl apply would: no warning about a missing last-applied annotation
    assertThat(apply.err()).as(apply.all()).doesNotContain("Warning");

    Result wait = kubectl("wait", "--for=condition=Ready", "hl/acme-wrong-secret", "--timeout=30s");
    assertThat(wait.exit()).as(wait.all()).isZero();
    assertThat(wait.out()).contains("halolink.psalink.io/acme-wrong-secret condition met");

    assertThat(kubectl("get", "hl", "acme-wrong-secret").out())
        .containsPattern("acme-wrong-secret\\s+True\\s+Succeeded\\s+0/0");
    assertThat(kubectl("describe", "hl", "acme-wrong-secret").out())
        .containsPattern("Warning\\s+InvalidClient\\s+")
        .containsPattern("Normal\\s+Succeeded\\s+\\S+\\s+psa-link-operator\\s+Authenticated as client acme-client");
  }

  @Test
  @Order(6)
  void secretsListLikeACluster() throws Exception {
    Result secrets = kubectl("get", "secrets");
    assertThat(secrets.exit()).as(secrets.all()).isZero();
    assertThat(secrets.out().lines().findFirst().orElseThrow()).matches("NAME\\s+TYPE\\s+DATA\\s+AGE");
    assertThat(secrets.out()).containsPattern("acme-wrong-halo\\s+Opaque\\s+2\\s+\\d+s");
  }

  @Test
  @Order(7)
  void annotationAsksForARecheck() throws Exception {
    String stamp = Long.toString(Instant.now().getEpochSecond());
    Result a = kubectl("annotate", "hl", "acme", "psalink.io/requested-at=" + stamp, "--overwrite");
    assertThat(a.exit()).as(a.all()).isZero();
    assertThat(a.out()).contains("halolink.psalink.io/acme annotated");
    eventually("status.lastHandledRequestedAt = " + stamp,
        () -> kubectl("get", "hl", "acme", "-o", "jsonpath={.status.lastHandledRequestedAt}").out(),
        stamp::equals);
  }

  @Test
  @Order(8)
  void serverSideApplyOfALinkReplacesItsLists() throws Exception {
    Path changed = tmp.resolve("hooli-7m.yaml");
    Files.writeString(changed, Files.readString(tmp.resolve("hooli.yaml")).replace("verifyInterval: 5m", "verifyInterval: 7m"));
    for (Path f : List.of(tmp.resolve("hooli.yaml"), changed)) {
      Result ssa = kubectl("apply", "--server-side", "-f", f.toString());
      assertThat(ssa.exit()).as(ssa.all()).isZero();
      assertThat(ssa.out()).contains("halolink.psalink.io/hooli serverside-applied");
    }
    Result spec = kubectl("get", "hl", "hooli", "-o", "jsonpath={.spec.verifyInterval} {.spec.webhooks[*].name}");
    assertThat(spec.out()).as(spec.all()).isEqualTo("7m alerts"); // one webhook, not one per apply
    Result wait = kubectl("wait", "--for=condition=Ready", "hl/hooli", "--timeout=30s");
    assertThat(wait.exit()).as(wait.all()).isZero();
    assertThat(kubectl("get", "hl", "hooli").out()).containsPattern("hooli\\s+True\\s+Succeeded\\s+hooli\\s+1/1");
  }

  @Test
  @Order(9)
  void deleteRemovesTheWebhookThenTheLinkAndWatchersSeeIt() throws Exception {
    assertThat(sandbox.halo().instance("hooli").webhooks()).hasSize(1);
    Path watchOut = tmp.resolve("watch.txt");
    ProcessBuilder pb = command("get", "hl", "-w", "--output-watch-events");
    pb.redirectOutput(watchOut.toFile()).redirectError(tmp.resolve("watch-err.txt").toFile());
    Process watch = pb.start();
    try {
      eventually("kubectl get -w lists the links", () -> read(watchOut), s -> s.contains("umbrella"));
      Result d = kubectl("delete", "hl", "hooli", "--timeout=30s");
      assertThat(d.exit()).as(d.all()).isZero();
      assertThat(d.out()).contains("halolink.psalink.io \"hooli\" deleted");
      assertThat(sandbox.halo().instance("hooli").webhooks()).as("the finalizer removed the webhook").isEmpty();
      Result gone = kubectl("get", "hl", "hooli");
      assertThat(gone.exit()).isNotZero();
      assertThat(gone.err()).contains("halolinks.psalink.io \"hooli\" not found");
      eventually("kubectl get -w shows the deletion", () -> read(watchOut),
          s -> s.lines().anyMatch(l -> l.matches("DELETED\\s+hooli\\s+.*")));
    } finally {
      watch.destroy();
      watch.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Test
  @Order(10)
  void whatTheSandboxCannotDoFailsClearly() throws Exception {
    Result create = kubectl("create", "secret", "generic", "typed", "--from-literal=a=b");
    if (create.exit() == 0) {
      // older kubectl (Debian's 1.20) sends JSON, which the sandbox takes
      assertThat(create.out()).contains("secret/typed created");
    } else {
      // newer kubectl sends built-in kinds as protobuf, which the sandbox cannot read
      assertThat(create.err()).as(create.all()).contains("not protobuf").contains("use kubectl apply -f");
    }
    Result dryRun = kubectl("apply", "--dry-run=server", "-f", FIX);
    assertThat(dryRun.exit()).isNotZero();
    // kubectl 1.32 asks and the sandbox says so; kubectl 1.20 finds no dry-run in the OpenAPI and refuses itself
    assertThat(dryRun.err()).as(dryRun.all()).containsAnyOf("dry-run is not supported by the sandbox",
        "doesn't support dry-run");
  }

  @Test
  @Order(100)
  void theReadmeShowsTheStepsThisTestRan() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("## Try it with kubectl");
    assertThat(start).as("README section 'Try it with kubectl'").isNotNegative();
    int end = readme.indexOf("\n## ", start + 1);
    String section = readme.substring(start, end < 0 ? readme.length() : end);
    List<String> shown = section.lines().map(String::strip).filter(l -> l.startsWith("kubectl ")).toList();
    assertThat(shown).as("commands shown in the README walkthrough").containsAll(README_STEPS);
    assertThat(RAN).as("commands this test ran").containsAll(README_STEPS);
  }

  private static void eventually(String what, IoSupplier<String> probe, Predicate<String> ok) throws Exception {
    Instant deadline = Instant.now().plusSeconds(20);
    String last = probe.get();
    while (!ok.test(last) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      last = probe.get();
    }
    assertThat(ok.test(last)).as(what + "; last seen:\n" + last).isTrue();
  }

  interface IoSupplier<T> {
    T get() throws IOException, InterruptedException;
  }

  private static String read(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
  }

  private static ProcessBuilder command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl.toString());
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + tmp.resolve("cache"));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HOME", tmp.resolve("home").toString());
    pb.environment().remove("KUBECONFIG");
    return pb;
  }

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    int n = RUNS.incrementAndGet();
    RAN.add("kubectl " + String.join(" ", args));
    Path out = tmp.resolve("out-" + n + ".txt");
    Path err = tmp.resolve("err-" + n + ".txt");
    Process p = command(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(45, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " hung");
    }
    return new Result(p.exitValue(), read(out), read(err));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
