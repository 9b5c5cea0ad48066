package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.halo.HaloClient;
import io.psalink.halo.RateBudget;
import io.psalink.sandbox.halo.Fault;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import io.psalink.testing.Figures;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Halo misbehaves while the operator runs: each fault hits a link that was Ready, which must stay Ready (the last
 * good verdict, with a note that the latest re-check failed), never be blamed on credentials, keep being retried,
 * and lose the note once Halo behaves. The cases run side by side, one tenant each.
 */
class HaloFaultsTest {
  /** Read timeout 2 s (the product's is 15 s): "slower than the read timeout" is a 5 s delay here. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    var http = HaloClient.defaultHttp().newBuilder().readTimeout(READ_TIMEOUT).callTimeout(Duration.ofSeconds(8)).build();
    world = OperatorFixture.scanned(() -> OperatorFixture.start(s -> s, HaloSimulator.start(),
        new HaloClient(http, Clock.systemUTC(), RateBudget.standard()), true));
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
    Figures.record("HaloFaultsTest", "leak scan: " + world.leakScan().secretsChecked() + " secret values, "
        + world.textsScanned() + " texts (" + world.leakScan().linesCaptured() + " log lines), 0 hits");
  }

  /** One misbehaviour: how to start it, which reason the kept verdict names, how to end it. */
  record Case(String name, String reason, Consumer<Instance> begin, Consumer<Instance> end) {}

  static List<Case> cases() {
    String me = "(?i)/api/agent/me";
    return List.of(
        new Case("read-timeout", "TenantUnreachable",
            i -> i.fault(Fault.when("GET", me).forever().delay(Duration.ofSeconds(5))), Instance::clearFaults),
        new Case("reset-mid-response", "TenantUnreachable",
            i -> i.fault(Fault.when("GET", me).forever().reset()), Instance::clearFaults),
        new Case("malformed-json", "HaloUnavailable",
            i -> i.fault(Fault.when("GET", me).forever().status(200, "application/json", "{\"id\": 12, \"name\": \"pe")),
            Instance::clearFaults),
        new Case("html-200", "HaloUnavailable",
            i -> i.fault(Fault.when("GET", me).forever().status(200, "text/html",
                "<!DOCTYPE html><html><body>Sign in to Halo</body></html>")), Instance::clearFaults),
        new Case("5xx-burst", "HaloUnavailable",
            i -> i.fault(Fault.when("*", "(?i)/api/.*").times(12).status(503, "text/html", "<html>503</html>")),
            Instance::clearFaults),
        new Case("504-after-wait", "HaloUnavailable",
            i -> i.fault(Fault.when("GET", me).forever().delayThenStatus(Duration.ofMillis(1200), 504, "text/html",
                "<html><h1>504 Gateway Time-out</h1></html>")), Instance::clearFaults),
        new Case("token-500-html", "HaloUnavailable",
            i -> {
              i.fault(Fault.when("POST", "(?i)/auth/token").forever().status(500, "text/html",
                  "<html><body>Server Error in '/' Application.</body></html>"));
              i.revokeTokens(); // the next API call answers 401, so the operator must mint again
            }, Instance::clearFaults),
        new Case("sustained-429", "RateLimited",
            i -> i.rateLimit(1, Duration.ofSeconds(6), true), Instance::noRateLimit));
  }

  @Test
  void everyFaultKeepsTheLastVerdictIsRetriedAndRecovers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(cases().size());
    List<Future<String>> results = new ArrayList<>();
    for (Case c : cases()) {
      results.add(pool.submit(() -> run(c)));
    }
    List<Throwable> failures = new ArrayList<>();
    for (Future<String> f : results) {
      try {
        Figures.record("HaloFaultsTest", f.get());
      } catch (java.util.concurrent.ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    pool.shutdown();
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError(failures.size() + " fault case(s) failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  private String run(Case c) {
    String name = "fault-" + c.name();
    Tenant t = world.tenant(name);
    world.credentials(name + "-creds", t);
    HaloLink l = link(name, t.instance().baseUrl(), name + "-creds");
    l.getSpec().setVerifyInterval("1s");
    world.apply(l);
    world.awaitReady(name);
    int before = t.instance().requests().size();

    c.begin().accept(t.instance());
    HaloLink kept = world.awaitLink(name, Duration.ofSeconds(30), x -> ready(x).getMessage()
        .contains("latest re-check could not finish (" + c.reason() + ")"), "Ready kept, noting " + c.reason());
    assertThat(ready(kept).getStatus()).isEqualTo("True");
    assertThat(kept.getStatus().getConditions()).extracting(Condition::getReason)
        .doesNotContain("InvalidClient", "TokenRejected").contains("Succeeded");
    assertThat(kept.getStatus().condition("Stalled")).isEmpty();
    int atFirstFailure = t.instance().requests().size();
    // the retries go on: at least two more attempts reach Halo while it misbehaves
    Awaitility.await().atMost(Duration.ofSeconds(40)).until(() -> attempts(t.instance(), atFirstFailure) >= 2);
    int duringFault = t.instance().requests().size() - before;

    c.end().accept(t.instance());
    world.awaitLink(name, Duration.ofSeconds(45), x -> "True".equals(ready(x).getStatus())
        && !ready(x).getMessage().contains("latest re-check"), "Ready again without the note");
    assertThat(world.events(name)).noneMatch(e -> "InvalidClient".equals(e.getReason()));
    int total = t.instance().requests().size();
    return String.format("%-20s kept Ready noting %-17s; %3d requests during the fault, %3d in all, recovered",
        c.name(), c.reason(), duringFault, total);
  }

  @Test
  void secretsHaloEchoesBackAppearNowhere() {
    Tenant t = world.tenant("echo");
    t.instance().echoSecretInErrors(true);
    String wrong = world.newSecretValue();
    world.secret("echo-wrong", java.util.Map.of("client_id", t.clientId(), "client_secret", wrong));
    world.apply(link("echo-wrong", t.instance().baseUrl(), "echo-wrong"));
    world.awaitCondition("echo-wrong", "Ready", "False", "InvalidClient");

    Tenant u = world.tenant("echo2");
    u.instance().fault(Fault.when("POST", "(?i)/auth/token").times(1).status(400, "application/json",
        "{\"error\":\"invalid_request\",\"error_description\":\"secret " + u.clientSecret() + " is odd\"}"));
    u.instance().fault(Fault.when("POST", "(?i)/auth/token").times(1).status(500, "text/html",
        "<html>client_secret=" + u.clientSecret() + "</html>"));
    world.credentials("echo2-creds", u);
    String password = world.newSecretValue();
    world.secret("echo2-hook", java.util.Map.of("username", "halo", "password", password));
    HaloLink l = link("echo2", u.instance().baseUrl(), "echo2-creds");
    var hook = new io.psalink.api.v1alpha1.WebhookSpec("alerts", "https://platform.example/hooks/halo", List.of(1));
    var auth = new io.psalink.api.v1alpha1.BasicAuthSecretRef();
    auth.setName("echo2-hook");
    hook.setBasicAuthSecretRef(auth);
    l.getSpec().setWebhooks(List.of(hook));
    world.apply(l);
    world.awaitCondition("echo2", "Ready", "False", "InvalidTenant");
    world.edit("echo2", x -> {
      x.getMetadata().getAnnotations().put(HaloLink.REQUESTED_AT_ANNOTATION, "2030-01-01T00:00:00Z");
      return x;
    });
    world.awaitReady("echo2");
    assertThat(u.instance().webhooks()).hasSize(1);
    // the leak scan after all tests covers these: wrong and right client secrets, the webhook password, tokens
  }

  /** Passes that reached Halo since {@code from}: each pass asks for the agent (or a token) once. */
  private static long attempts(Instance i, int from) {
    return i.requests().stream().skip(from)
        .filter(r -> r.path().toLowerCase().endsWith("/agent/me") || r.tokenRequest()).count();
  }

  private static Condition ready(HaloLink l) {
    return l.getStatus().condition("Ready").orElseThrow();
  }
}
