package io.psalink.cli;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Condition;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.sandbox.halo.Agent;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code check} against the simulator: the operator's conditions, without Kubernetes. */
class CheckCommandTest {
  static OperatorFixture world;
  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    world = OperatorFixture.start();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  record Run(int exit, String out, String err) {}

  private Run check(Map<String, String> env, String... args) {
    CheckCommand command = new CheckCommand();
    command.environment = env::get;
    CommandLine cl = new CommandLine(command).setCaseInsensitiveEnumValuesAllowed(true);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Path secretFile(String secret) throws Exception {
    Path f = dir.resolve("secret");
    Files.writeString(f, secret + "\n");
    return f;
  }

  @Test
  void aPermissionGivenTwiceIsCheckedOnce() throws Exception {
    Tenant t = world.tenant("check-dup");
    Run r = check(Map.of(), "--resource-server", t.instance().baseUrl(), "--client-id", t.clientId(),
        "--client-secret-file", secretFile(t.clientSecret()).toString(), "--permission", "read:tickets",
        "--permission", "read:tickets", "--permission", " read:tickets ");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(t.instance().count("GET", "(?i).*/api/tickets")).isEqualTo(1);
  }

  @Test
  void readyTenantExitsZeroWithJsonOfEveryCondition() throws Exception {
    Tenant t = world.tenant("check-ok");
    Run r = check(Map.of(), "--resource-server", t.instance().baseUrl() + "/api/", "--client-id", t.clientId(),
        "--client-secret-file", secretFile(t.clientSecret()).toString(), "--output", "json");
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("ready").asBoolean()).isTrue();
    List<String> types = new ArrayList<>();
    json.get("conditions").forEach(c -> {
      types.add(c.get("type").asText());
      assertThat(c.has("status") && c.has("reason") && c.has("message")).isTrue();
    });
    assertThat(types).containsExactly("Authenticated", "AgentVerified", "PermissionsGranted", "WebhooksRegistered",
        "Ready");
    assertThat(json.get("endpoint").get("api").asText()).isEqualTo(t.instance().baseUrl() + "/api");
    assertThat(json.get("agent").get("name").asText()).isEqualTo("check-ok_api");
    assertThat(json.get("permissions").get("granted")).hasSize(10);
    assertThat(r.out() + r.err()).doesNotContain(t.clientSecret());
  }

  @Test
  void sameConditionsAsTheOperatorForTheSameTenant() throws Exception {
    Tenant t = world.tenant("check-same");
    Set<String> granted = new HashSet<>(OperatorFixture.ALL_PERMISSIONS);
    granted.removeAll(Set.of("admin:webhooks", "edit:invoices"));
    t.app().setPermissions(granted);
    world.credentials("check-same-creds", t);
    world.apply(link("check-same", t.instance().baseUrl(), "check-same-creds"));
    HaloLink l = world.awaitCondition("check-same", "Ready", "False", "MissingPermissions");

    Run r = check(Map.of(CheckCommand.SECRET_ENV, t.clientSecret()), "--resource-server", t.instance().baseUrl(),
        "--client-id", t.clientId(), "--output", "json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(r.out());
    for (String type : List.of("Authenticated", "AgentVerified", "PermissionsGranted", "Ready")) {
      Condition expected = l.getStatus().condition(type).orElseThrow();
      JsonNode actual = null;
      for (JsonNode c : json.get("conditions")) {
        if (type.equals(c.get("type").asText())) {
          actual = c;
        }
      }
      assertThat(actual).as(type).isNotNull();
      assertThat(actual.get("status").asText()).as(type).isEqualTo(expected.getStatus());
      assertThat(actual.get("reason").asText()).as(type).isEqualTo(expected.getReason());
      assertThat(actual.get("message").asText()).as(type).isEqualTo(expected.getMessage());
    }
    assertThat(json.get("permissions").get("missing").toString()).contains("admin:webhooks", "edit:invoices");
  }

  @Test
  void wrongSecretExitsOneWithInvalidClientInTheTable() throws Exception {
    Tenant t = world.tenant("check-bad");
    Run r = check(Map.of(), "--resource-server", t.instance().baseUrl(), "--client-id", t.clientId(),
        "--client-secret-file", secretFile("wrong-" + t.clientSecret()).toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("Ready").contains("InvalidClient").startsWith("CONDITION");
    assertThat(r.out()).doesNotContain("wrong-" + t.clientSecret());
    assertThat(r.out()).as("named as the flags, not the HaloLink's fields").contains("Check --client-id")
        .doesNotContain("spec.", "credentials Secret");
  }

  @Test
  void messagesNameTheFlagsTheUserSet() throws Exception {
    Tenant t = world.tenant("check-words");
    Run r = check(Map.of(CheckCommand.SECRET_ENV, t.clientSecret()), "--resource-server", t.instance().baseUrl(),
        "--client-id", t.clientId(), "--agent", "someone_else");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("AgentMismatch", "but --agent is someone_else", "or correct --agent.")
        .doesNotContain("spec.");
    r = check(Map.of(CheckCommand.SECRET_ENV, t.clientSecret()), "--resource-server", t.instance().baseUrl(),
        "--client-id", t.clientId(), "--permission", "read:everything");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("InvalidScope", "in --permission.").doesNotContain("spec.");
  }

  @Test
  void aPrivateCaIsTrustedThroughCaFileOnly() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("check CA").build();
    HeldCertificate server = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("localhost").signedBy(ca).build();
    try (HaloSimulator https = HaloSimulator.startHttps(new HandshakeCertificates.Builder()
        .heldCertificate(server, ca.certificate()).build().sslContext())) {
      Instance selfHosted = https.instance("check-ca");
      Agent agent = selfHosted.addAgent("check-ca_api").setApiOnly(true);
      selfHosted.addApplication("ca-client", "ca-secret-value", Set.copyOf(OperatorFixture.ALL_PERMISSIONS), agent);
      Path caFile = dir.resolve("ca.pem");
      Files.writeString(caFile, ca.certificatePem());
      Map<String, String> env = Map.of(CheckCommand.SECRET_ENV, "ca-secret-value");

      Run trusted = check(env, "--resource-server", selfHosted.baseUrl(), "--client-id", "ca-client", "--ca-file",
          caFile.toString());
      assertThat(trusted.exit()).as(trusted.out() + trusted.err()).isZero();

      Run untrusted = check(env, "--resource-server", selfHosted.baseUrl(), "--client-id", "ca-client");
      assertThat(untrusted.exit()).isEqualTo(1);
      assertThat(untrusted.out()).contains("CertificateUntrusted", "pass the CA certificate with --ca-file")
          .doesNotContain("spec.", "caSecretRef");
    }
  }

  @Test
  void unusableCaFileAndBinaryFilesAreUsageErrors() throws Exception {
    Map<String, String> env = Map.of(CheckCommand.SECRET_ENV, "s");
    Run r = check(env, "--resource-server", "https://h.example", "--client-id", "x", "--ca-file", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--ca-file", "is not a readable file");
    Path empty = Files.writeString(dir.resolve("empty.pem"), " \n");
    r = check(env, "--resource-server", "https://h.example", "--client-id", "x", "--ca-file", empty.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--ca-file", "is empty");
    Path notPem = Files.writeString(dir.resolve("not.pem"), "this is not a certificate\n");
    r = check(env, "--resource-server", "https://h.example", "--client-id", "x", "--ca-file", notPem.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--ca-file", "holds no PEM certificate");
    r = check(env, "--resource-server", "https://h.example", "--client-id", "x", "--permission", "read tickets");
    assertThat(r.exit()).as("checked here, as the operator checks spec.permissions").isEqualTo(2);
    assertThat(r.err()).contains("--permission 'read tickets' is not a Halo permission");
    Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3});
    for (String option : List.of("--ca-file", "--client-secret-file")) {
      r = check(env, "--resource-server", "https://h.example", "--client-id", "x", option, binary.toString());
      assertThat(r.exit()).as(option).isEqualTo(2);
      assertThat(r.err()).as(option).contains(option, "is not UTF-8 text").doesNotContain("Exception");
    }
  }

  @Test
  void missingSecretIsAUsageError() {
    Run r = check(Map.of(), "--resource-server", "https://h.example", "--client-id", "x");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("HALO_CLIENT_SECRET");
  }

  @Test
  void secretOnTheCommandLineIsRefused() {
    for (String[] given : List.of(new String[] {"--client-secret", "s3cr3t-value"},
        new String[] {"--client-secret=s3cr3t-value"}, new String[] {"--secret", "s3cr3t-value"})) {
      List<String> args = new java.util.ArrayList<>(List.of("--resource-server", "https://h.example", "--client-id",
          "x"));
      args.addAll(List.of(given));
      Run r = check(Map.of(), args.toArray(String[]::new));
      assertThat(r.exit()).isEqualTo(2);
      assertThat(r.err()).contains("--client-secret is not accepted");
      assertThat(r.err() + r.out()).as("the refused secret is not echoed").doesNotContain("s3cr3t-value");
    }
  }

  @Test
  void unusableSecretFileAndEmptyClientIdAreUsageErrors(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    Run r = check(Map.of(), "--resource-server", "https://h.example", "--client-id", "x", "--client-secret-file",
        dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("is not a readable file").doesNotContain("Exception");
    r = check(Map.of(CheckCommand.SECRET_ENV, "s"), "--resource-server", "https://h.example", "--client-id", " ");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--client-id must not be empty");
  }

  @Test
  void badOutputFormatIsAUsageError() {
    Run r = check(Map.of(CheckCommand.SECRET_ENV, "s"), "--resource-server", "https://h.example", "--client-id",
        "x", "--output", "xml");
    assertThat(r.exit()).isEqualTo(2);
  }

  @Test
  void plainHttpToARemoteHostIsNotReady() {
    Run r = check(Map.of(CheckCommand.SECRET_ENV, "s"), "--resource-server", "http://halo.example.com",
        "--client-id", "x", "--output", "json");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("InvalidResourceServer");
  }
}
