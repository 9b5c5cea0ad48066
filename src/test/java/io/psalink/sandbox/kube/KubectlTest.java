package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl against the embedded API: one Widget's life from apply to delete. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlTest {

  record Result(int exit, String out, String err) {}

  @TempDir
  static Path tmp;

  private static Path kubectl;
  private static EmbeddedKubeApi api;
  private static Path kubeconfig;

  @BeforeAll
  static void start() throws IOException {
    kubectl = onPath("kubectl").orElse(null);
    Assumptions.assumeTrue(kubectl != null, "kubectl is not on PATH: skipping the tests with the real kubectl");
    api = EmbeddedKubeApi.start(0);
    kubeconfig = api.writeKubeconfig(tmp.resolve("kubeconfig"));
    try (InputStream in = KubectlTest.class.getResourceAsStream("/kube/widgets.example.test-v1.yml")) {
      api.client().apiextensions().v1().customResourceDefinitions()
          .resource(api.client().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
    for (String f : List.of("widget.yml", "secret.yml")) {
      try (InputStream in = KubectlTest.class.getResourceAsStream("/kube/" + f)) {
        Files.write(tmp.resolve(f), in.readAllBytes());
      }
    }
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  @Order(1)
  void versionAndApiResources() throws Exception {
    Result v = kubectl("version");
    assertThat(v.exit()).as(v.err()).isZero();
    assertThat(v.out()).contains("Server Version").contains("v1.32.0"); // 1.20 prints version.Info{...}
    Result r = kubectl("api-resources", "--api-group=example.test");
    assertThat(r.out()).containsPattern("widgets\\s+wd\\s+example.test/v1\\s+true\\s+Widget");
  }

  @Test
  @Order(2)
  void applyCreatesAndReapplyUpdates() throws Exception {
    Result created = kubectl("apply", "-f", tmp.resolve("widget.yml").toString(), "-f", tmp.resolve("secret.yml").toString());
    assertThat(created.exit()).as(created.err()).isZero();
    assertThat(created.out()).contains("widget.example.test/alpha created", "secret/alpha-credentials created");

    Files.writeString(tmp.resolve("widget.yml"), Files.readString(tmp.resolve("widget.yml")).replace("size: 3", "size: 5"));
    Files.writeString(tmp.resolve("secret.yml"), Files.readString(tmp.resolve("secret.yml")).replace("s3cret", "changed"));
    Result updated = kubectl("apply", "-f", tmp.resolve("widget.yml").toString(), "-f", tmp.resolve("secret.yml").toString());
    assertThat(updated.exit()).as(updated.err()).isZero();
    assertThat(updated.out()).contains("widget.example.test/alpha configured", "secret/alpha-credentials configured");

    assertThat(api.client().genericKubernetesResources(EmbeddedKubeApiTest.WIDGETS).inNamespace("default")
        .withName("alpha").get().get("spec", "size").toString()).isEqualTo("5");
    assertThat(api.client().secrets().inNamespace("default").withName("alpha-credentials").get().getData())
        .containsEntry("client_secret", "Y2hhbmdlZA==");
  }

  @Test
  @Order(3)
  void getShowsPrinterColumns() throws Exception {
    Result get = kubectl("get", "wd");
    assertThat(get.exit()).as(get.err()).isZero();
    List<String> lines = get.out().lines().toList();
    assertThat(lines.get(0)).containsPattern("^NAME\\s+READY\\s+REASON\\s+SIZE\\s+AGE$");
    assertThat(lines.get(1)).containsPattern("^alpha\\s+5\\s+\\d+s$");

    Result wide = kubectl("get", "wd", "-o", "wide");
    assertThat(wide.out().lines().findFirst().orElseThrow()).containsPattern("^NAME\\s+READY\\s+REASON\\s+SIZE\\s+MESSAGE\\s+AGE$");

    Result byCategory = kubectl("get", "demo");
    assertThat(byCategory.out()).contains("alpha");

    Result secrets = kubectl("get", "secrets");
    assertThat(secrets.out().lines().toList().get(0)).containsPattern("^NAME\\s+TYPE\\s+DATA\\s+AGE$");
    assertThat(secrets.out()).containsPattern("alpha-credentials\\s+Opaque\\s+2\\s+\\d+s");
  }

  @Test
  @Order(4)
  void describeShowsTheWidgetsEvents() throws Exception {
    GenericKubernetesResource w = api.client().genericKubernetesResources(EmbeddedKubeApiTest.WIDGETS)
        .inNamespace("default").withName("alpha").get();
    String now = Instant.now().toString().replaceAll("\\.\\d+Z$", "Z");
    api.client().v1().events().inNamespace("default").resource(new EventBuilder()
        .withNewMetadata().withName("alpha.checked").endMetadata()
        .withNewInvolvedObject().withApiVersion("example.test/v1").withKind("Widget").withName("alpha")
        .withNamespace("default").withUid(w.getMetadata().getUid()).endInvolvedObject()
        .withType("Warning").withReason("TenantUnreachable").withMessage("Halo did not answer")
        .withNewSource().withComponent("psa-link-operator").endSource()
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build()).create();
    api.client().v1().events().inNamespace("default").resource(new EventBuilder()
        .withNewMetadata().withName("other.event").endMetadata()
        .withNewInvolvedObject().withKind("Widget").withName("other").withNamespace("default").withUid("x").endInvolvedObject()
        .withType("Normal").withReason("NotMine").withMessage("about another widget").build()).create();

    Result d = kubectl("describe", "wd", "alpha");
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).contains("Name:         alpha", "Size:   5");
    assertThat(d.out()).containsPattern("Warning\\s+TenantUnreachable\\s+\\S+\\s+psa-link-operator\\s+Halo did not answer");
    assertThat(d.out()).doesNotContain("NotMine");
  }

  @Test
  @Order(5)
  void waitReturnsWhenReadyBecomesTrue() throws Exception {
    Thread setter = new Thread(() -> {
      try {
        Thread.sleep(1500);
        var widgets = api.client().genericKubernetesResources(EmbeddedKubeApiTest.WIDGETS).inNamespace("default");
        GenericKubernetesResource live = widgets.withName("alpha").get();
        live.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True",
            "reason", "Succeeded", "message", "all checks passed"))));
        widgets.resource(live).updateStatus();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    setter.start();
    long start = System.nanoTime();
    Result wait = kubectl("wait", "--for=condition=Ready", "wd/alpha", "--timeout=20s");
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
    setter.join();
    assertThat(wait.exit()).as(wait.err()).isZero();
    assertThat(wait.out()).contains("widget.example.test/alpha condition met");
    assertThat(seconds).isLessThan(10);

    Result wide = kubectl("get", "wd", "alpha", "-o", "wide");
    assertThat(wide.out()).containsPattern("alpha\\s+True\\s+Succeeded\\s+5\\s+all checks passed\\s+\\d+s");
  }

  @Test
  @Order(6)
  void waitTimesOutForAWidgetThatNeverBecomesReady() throws Exception {
    Files.writeString(tmp.resolve("never.yml"), "apiVersion: example.test/v1\nkind: Widget\nmetadata:\n  name: never\nspec:\n  size: 1\n");
    assertThat(kubectl("apply", "-f", tmp.resolve("never.yml").toString()).exit()).isZero();
    Result wait = kubectl("wait", "--for=condition=Ready", "wd/never", "--timeout=3s");
    assertThat(wait.exit()).isNotZero();
    assertThat(wait.err()).contains("timed out waiting for the condition");
  }

  @Test
  @Order(7)
  void serverSideApplyCreatesAndMerges() throws Exception {
    Files.writeString(tmp.resolve("ssa.yml"), "apiVersion: example.test/v1\nkind: Widget\nmetadata:\n  name: ssa\nspec:\n  size: 2\n");
    Result created = kubectl("apply", "--server-side", "-f", tmp.resolve("ssa.yml").toString());
    assertThat(created.exit()).as(created.err()).isZero();
    Files.writeString(tmp.resolve("ssa.yml"), "apiVersion: example.test/v1\nkind: Widget\nmetadata:\n  name: ssa\nspec:\n  color: red\n");
    Result merged = kubectl("apply", "--server-side", "-f", tmp.resolve("ssa.yml").toString());
    assertThat(merged.out()).contains("widget.example.test/ssa serverside-applied");
    GenericKubernetesResource ssa = api.client().genericKubernetesResources(EmbeddedKubeApiTest.WIDGETS)
        .inNamespace("default").withName("ssa").get();
    assertThat(ssa.get("spec").toString()).contains("size=2", "color=red");
  }

  @Test
  @Order(7)
  void authCanIAnswersYesAsTheSandboxLetsEveryoneDoEverything() throws Exception {
    Result r = kubectl("auth", "can-i", "create", "widgets");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo("yes");
    Result list = kubectl("auth", "can-i", "--list");
    assertThat(list.exit()).as(list.err()).isZero();
    assertThat(list.out()).contains("*.*", "[*]");
  }

  @Test
  @Order(8)
  void deleteRemovesObjects() throws Exception {
    Result d = kubectl("delete", "wd", "alpha", "never", "ssa", "--timeout=20s");
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(d.out()).contains("widget.example.test \"alpha\" deleted");
    Result s = kubectl("delete", "-f", tmp.resolve("secret.yml").toString());
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(kubectl("get", "wd").err()).contains("No resources found in default namespace.");
    Result unsupported = kubectl("get", "wd", "alpha");
    assertThat(unsupported.exit()).isNotZero();
    assertThat(unsupported.err()).contains("widgets.example.test \"alpha\" not found");
  }

  private static Result kubectl(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(kubectl.toString());
    cmd.add("--kubeconfig=" + kubeconfig);
    cmd.add("--cache-dir=" + tmp.resolve("cache"));
    cmd.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("HOME", tmp.resolve("home").toString());
    pb.environment().remove("KUBECONFIG");
    pb.redirectOutput(tmp.resolve("out.txt").toFile());
    pb.redirectError(tmp.resolve("err.txt").toFile());
    Process p = pb.start();
    if (!p.waitFor(40, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " hung");
    }
    return new Result(p.exitValue(), Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(tmp.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
