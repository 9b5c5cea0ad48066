package io.psalink.reconciler;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.psalink.api.v1alpha1.DeletionPolicy;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.sandbox.halo.Fault;
import io.psalink.sandbox.halo.RecordedRequest;
import io.psalink.sandbox.halo.Webhook;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator against the fabric8 mock API and the Halo simulator: what an admin sees in status. */
class HaloLinkReconcilerTest {
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.start();
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void correctLinkBecomesReady() {
    Tenant t = world.tenant("ready");
    world.credentials("ready-creds", t);
    world.apply(link("ready", t.instance().baseUrl(), "ready-creds"));

    HaloLink l = world.awaitReady("ready");
    assertThat(l.getStatus().getPermissions().granted()).containsExactlyInAnyOrderElementsOf(OperatorFixture.ALL_PERMISSIONS);
    assertThat(l.getStatus().getAgent().name()).isEqualTo("ready_api");
    assertThat(l.getStatus().getEndpoint().api()).isEqualTo(t.instance().baseUrl() + "/api");
    assertThat(world.events("ready")).anyMatch(e -> "Normal".equals(e.getType()) && "Succeeded".equals(e.getReason()));
  }

  @Test
  void missingSecretStallsThenReadyAsSoonAsItAppears() {
    Tenant t = world.tenant("late");
    HaloLink l = link("late", t.instance().baseUrl(), "late-creds");
    l.getSpec().setVerifyInterval("10m");
    world.apply(l);
    HaloLink stalled = world.awaitCondition("late", "Ready", "False", "SecretNotFound");
    assertThat(stalled.getStatus().condition("Stalled")).isPresent();
    assertThat(t.instance().requests()).as("no request to Halo without credentials").isEmpty();

    world.credentials("late-creds", t);
    world.awaitLink("late", Duration.ofSeconds(8), x -> x.getStatus().condition("Ready")
        .filter(c -> "True".equals(c.getStatus())).isPresent(), "Ready within seconds of the Secret");
  }

  @Test
  void secretWithoutClientSecretKeyNamesTheKey() {
    Tenant t = world.tenant("nokey");
    world.secret("nokey-creds", Map.of("client_id", t.clientId()));
    world.apply(link("nokey", t.instance().baseUrl(), "nokey-creds"));
    HaloLink l = world.awaitCondition("nokey", "Ready", "False", "SecretKeyMissing");
    assertThat(l.getStatus().condition("Ready").get().getMessage()).contains("client_secret");
  }

  @Test
  void resourceServerWithApiSuffixIsNormalised() {
    Tenant t = world.tenant("suffix");
    world.credentials("suffix-creds", t);
    world.apply(link("suffix", t.instance().baseUrl() + "/API/", "suffix-creds"));
    HaloLink l = world.awaitReady("suffix");
    assertThat(l.getStatus().getEndpoint().api()).endsWith("/suffix/api");
    assertThat(t.instance().requests()).extracting(RecordedRequest::path)
        .noneMatch(p -> p.toLowerCase().contains("/api/api/") || p.toLowerCase().contains("/api/auth/"));
  }

  @Test
  void wrongClientSecretStallsUntilSecretChanges() throws InterruptedException {
    Tenant t = world.tenant("badsecret");
    world.secret("badsecret-creds", Map.of("client_id", t.clientId(), "client_secret", world.newSecretValue()));
    HaloLink l = link("badsecret", t.instance().baseUrl(), "badsecret-creds");
    l.getSpec().setVerifyInterval("1m");
    world.apply(l);
    HaloLink stalled = world.awaitCondition("badsecret", "Ready", "False", "InvalidClient");
    assertThat(stalled.getStatus().condition("Stalled")).isPresent();
    assertThat(stalled.getStatus().condition("Authenticated").get().getStatus()).isEqualTo("False");
    Thread.sleep(3000);
    assertThat(t.instance().tokenRequests()).as("token calls while the Secret is wrong").isLessThanOrEqualTo(2);

    world.credentials("badsecret-creds", t);
    world.awaitReady("badsecret");
  }

  @Test
  void unknownScopeIsNamed() {
    Tenant t = world.tenant("scope");
    world.credentials("scope-creds", t);
    HaloLink l = link("scope", t.instance().baseUrl(), "scope-creds");
    l.getSpec().setPermissions(List.of("read:tickets", "read:gizmos"));
    world.apply(l);
    HaloLink got = world.awaitCondition("scope", "Ready", "False", "InvalidScope");
    assertThat(got.getStatus().condition("Ready").get().getMessage()).contains("read:gizmos");
  }

  @Test
  void agentNotApiOnlyAndDisabledAreReported() {
    Tenant t = world.tenant("notapi");
    t.agent().setApiOnly(false);
    world.credentials("notapi-creds", t);
    world.apply(link("notapi", t.instance().baseUrl(), "notapi-creds"));
    world.awaitCondition("notapi", "AgentVerified", "False", "AgentNotApiOnly");
    world.awaitCondition("notapi", "Ready", "False", "AgentNotApiOnly");

    Tenant d = world.tenant("disabled");
    d.agent().setDisabled(true);
    world.credentials("disabled-creds", d);
    world.apply(link("disabled", d.instance().baseUrl(), "disabled-creds"));
    world.awaitCondition("disabled", "Ready", "False", "AgentDisabled");
  }

  @Test
  void missingPermissionsAreNamedAndTheOthersGranted() {
    // edit:x implies read:x in Halo, so an application without read:items has no edit:items either; the spec
    // asks for all:teams in its place to keep ten permissions of which eight are granted
    List<String> asked = List.of("admin:webhooks", "read:tickets", "edit:tickets", "read:customers",
        "read:contracts", "edit:contracts", "read:items", "read:invoices", "edit:invoices", "all:teams");
    Tenant t = world.tenant("perms");
    Set<String> granted = new HashSet<>(asked);
    granted.removeAll(Set.of("read:items", "edit:invoices"));
    t.app().setPermissions(granted);
    world.credentials("perms-creds", t);
    HaloLink l = link("perms", t.instance().baseUrl(), "perms-creds");
    l.getSpec().setPermissions(asked);
    world.apply(l);
    HaloLink got = world.awaitCondition("perms", "Ready", "False", "MissingPermissions");
    assertThat(got.getStatus().getPermissions().missing()).containsExactlyInAnyOrder("read:items", "edit:invoices");
    assertThat(got.getStatus().getPermissions().granted()).containsExactlyInAnyOrderElementsOf(granted);
    String message = got.getStatus().condition("PermissionsGranted").get().getMessage();
    assertThat(message).contains("read:items").contains("edit:invoices");
    assertThat(got.getStatus().condition("Stalled")).isPresent();
  }

  @Test
  void unreachableHaloIsRetriedUntilItAnswers() {
    Tenant t = world.tenant("down");
    t.instance().down(true);
    world.credentials("down-creds", t);
    world.apply(link("down", t.instance().baseUrl(), "down-creds"));
    HaloLink l = world.awaitCondition("down", "Ready", "False", "TenantUnreachable");
    assertThat(l.getStatus().condition("Reconciling")).isPresent();
    int seen = t.instance().requests().size();
    t.instance().down(false);
    world.awaitReady("down");
    assertThat(seen).as("retried while down").isGreaterThanOrEqualTo(1);
  }

  @Test
  void rateLimitWaitsAtLeastRetryAfter() {
    Tenant t = world.tenant("limited");
    t.instance().rateLimit(8, Duration.ofSeconds(4), true); // a first pass needs 9 requests
    world.credentials("limited-creds", t);
    world.apply(link("limited", t.instance().baseUrl(), "limited-creds"));
    HaloLink l = world.awaitCondition("limited", "Ready", "False", "RateLimited");
    assertThat(l.getStatus().condition("Reconciling")).isPresent();
    world.awaitReady("limited");
    // after each 429 the operator stayed away until the window freed a slot, which is what Retry-After said
    List<RecordedRequest> log = t.instance().requests();
    int limited = 0;
    for (int i = 0; i < log.size() - 1; i++) {
      RecordedRequest r = log.get(i);
      if (r.status() != 429) {
        continue;
      }
      limited++;
      java.time.Instant oldestAdmitted = log.subList(0, i).stream().filter(x -> x.status() != 429)
          .map(RecordedRequest::time).filter(x -> x.isAfter(r.time().minusSeconds(4))).min(java.util.Comparator.naturalOrder())
          .orElseThrow();
      Duration retryAfter = Duration.between(r.time(), oldestAdmitted.plusSeconds(4));
      assertThat(Duration.between(r.time(), log.get(i + 1).time())).as("wait after the 429 at %s", r.time())
          .isGreaterThanOrEqualTo(retryAfter.minusMillis(100));
    }
    assertThat(limited).isPositive();
  }

  @Test
  void rateLimitWithoutRetryAfterWaitsThirtySeconds() throws InterruptedException {
    Tenant t = world.tenant("limited2");
    t.instance().rateLimit(1, Duration.ofMinutes(5), false);
    world.credentials("limited2-creds", t);
    world.apply(link("limited2", t.instance().baseUrl(), "limited2-creds"));
    world.awaitCondition("limited2", "Ready", "False", "RateLimited");
    int before = t.instance().requests().size();
    Thread.sleep(4000);
    assertThat(t.instance().requests().size()).as("no retry within 30 s").isEqualTo(before);
  }

  @Test
  void webhookIsCreatedOnceRestoredWhenChangedAndDeletedWithTheLink() {
    Tenant t = world.tenant("hooks");
    world.credentials("hooks-creds", t);
    HaloLink l = link("hooks", t.instance().baseUrl(), "hooks-creds");
    l.getSpec().setVerifyInterval("1s");
    l.getSpec().setWebhooks(List.of(new WebhookSpec("alerts", "https://platform.example/hooks/halo", List.of(1, 2))));
    world.apply(l);
    HaloLink ready = world.awaitReady("hooks");
    assertThat(ready.getStatus().getWebhooksReady()).isEqualTo("1/1");
    assertThat(t.instance().webhooks()).hasSize(1);
    Webhook w = t.instance().webhooks().get(0);
    assertThat(w.url).isEqualTo("https://platform.example/hooks/halo");

    var second = world.startOperator();
    try {
      t.instance().updateWebhook(w.id, x -> x.url = "https://evil.example/");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
          t.instance().webhooks().size() == 1
              && "https://platform.example/hooks/halo".equals(t.instance().webhooks().get(0).url));
      assertThat(t.instance().webhooks()).as("no duplicate from a second instance").hasSize(1);
    } finally {
      world.stopOperator(second);
    }

    world.kube.resources(HaloLink.class).inNamespace(OperatorFixture.NS).withName("hooks").delete();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> world.get("hooks") == null);
    assertThat(t.instance().webhooks()).isEmpty();
  }

  @Test
  void orphanPolicyLeavesWebhooksInHalo() {
    Tenant t = world.tenant("orphan");
    world.credentials("orphan-creds", t);
    HaloLink l = link("orphan", t.instance().baseUrl(), "orphan-creds");
    l.getSpec().setDeletionPolicy(DeletionPolicy.Orphan);
    l.getSpec().setWebhooks(List.of(new WebhookSpec("alerts", "https://platform.example/hooks/halo", List.of(3))));
    world.apply(l);
    world.awaitReady("orphan");
    world.kube.resources(HaloLink.class).inNamespace(OperatorFixture.NS).withName("orphan").delete();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> world.get("orphan") == null);
    assertThat(t.instance().webhooks()).hasSize(1);
  }

  @Test
  void aLinkMovedToAnotherHaloWarnsOfTheWebhooksLeftInTheOldOne() {
    Tenant from = world.tenant("movefrom");
    Tenant to = world.tenant("moveto");
    world.credentials("move-creds", from);
    HaloLink l = link("move", from.instance().baseUrl(), "move-creds");
    l.getSpec().setWebhooks(List.of(new WebhookSpec("alerts", "https://platform.example/hooks/halo", List.of(3))));
    world.apply(l);
    world.awaitReady("move");
    world.credentials("move-creds", to);
    // the new Secret reaches the old Halo first: a wrong client there, while the webhook stays registered
    world.awaitCondition("move", "Ready", "False", "InvalidClient");
    world.edit("move", x -> {
      x.getSpec().setResourceServer(to.instance().baseUrl());
      return x;
    });
    world.awaitLink("move", Duration.ofSeconds(10), x -> x.getStatus().getEndpoint().api()
        .startsWith(to.instance().baseUrl()) && "True".equals(x.getStatus().condition("Ready").get().getStatus()),
        "Ready on the new Halo");
    assertThat(to.instance().webhooks()).hasSize(1);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> world.events("move").stream()
        .anyMatch(e -> "WebhooksLeftBehind".equals(e.getReason())));
    var warning = world.events("move").stream().filter(e -> "WebhooksLeftBehind".equals(e.getReason())).findFirst()
        .orElseThrow();
    assertThat(warning.getType()).isEqualTo("Warning");
    assertThat(warning.getMessage()).contains(from.instance().baseUrl(), "alerts",
        from.instance().webhooks().get(0).id);
  }

  @Test
  void theSameHaloUnderAnotherAddressLeavesNothingBehind() throws InterruptedException {
    Tenant t = world.applyLinkWithWebhook("alias");
    world.awaitReady("alias");
    String aliased = t.instance().baseUrl().replace("127.0.0.1", "localhost");
    assertThat(aliased).isNotEqualTo(t.instance().baseUrl());
    world.edit("alias", x -> {
      x.getSpec().setResourceServer(aliased);
      return x;
    });
    world.awaitLink("alias", Duration.ofSeconds(10), x -> x.getStatus().getEndpoint().api().startsWith(aliased)
        && "True".equals(x.getStatus().condition("Ready").get().getStatus()), "Ready under the other address");
    assertThat(t.instance().webhooks()).as("adopted, not registered again").hasSize(1);
    Thread.sleep(500); // events are written just after the status
    assertThat(world.events("alias")).extracting(e -> e.getReason()).doesNotContain("WebhooksLeftBehind");
  }

  @Test
  void aSpecEditThatCannotBeCheckedYetShowsNoEndpointOfTheOldSpec() {
    Tenant t = world.tenant("stale");
    world.credentials("stale-creds", t);
    world.apply(link("stale", t.instance().baseUrl(), "stale-creds"));
    world.awaitReady("stale");
    world.edit("stale", x -> {
      x.getSpec().setResourceServer("http://127.0.0.1:1/nobody");
      return x;
    });
    HaloLink l = world.awaitCondition("stale", "Ready", "False", "TenantUnreachable");
    assertThat(l.getStatus().getEndpoint()).as("the old Halo's endpoint is not this spec's").isNull();
    assertThat(l.getStatus().getAgent()).isNull();
  }

  @Test
  void observedGenerationFollowsSpecEdits() {
    Tenant t = world.tenant("gen");
    world.credentials("gen-creds", t);
    world.apply(link("gen", t.instance().baseUrl(), "gen-creds"));
    world.awaitReady("gen");
    HaloLink edited = world.edit("gen", x -> {
      x.getSpec().setPermissions(List.of("read:tickets"));
      return x;
    });
    long generation = edited.getMetadata().getGeneration();
    HaloLink l = world.awaitLink("gen", Duration.ofSeconds(10),
        x -> x.getStatus().getObservedGeneration() == generation, "observedGeneration " + generation);
    assertThat(l.getStatus().getConditions()).extracting(Condition::getObservedGeneration).containsOnly(generation);
    assertThat(l.getStatus().getPermissions().granted()).containsExactly("read:tickets");
  }

  @Test
  void steadyStateWritesNothingAndMintsNoToken() throws InterruptedException {
    Tenant t = world.tenant("steady");
    world.credentials("steady-creds", t);
    HaloLink l = link("steady", t.instance().baseUrl(), "steady-creds");
    l.getSpec().setVerifyInterval("1s");
    world.apply(l);
    HaloLink ready = world.awaitReady("steady");
    Thread.sleep(1500); // let the first re-check settle
    String version = world.get("steady").getMetadata().getResourceVersion();
    int events = world.events("steady").size();
    int tokens = t.instance().tokenRequests();
    int agentCalls = t.instance().count("GET", "(?i).*/api/agent/me");
    Thread.sleep(3500); // three verify intervals
    assertThat(world.get("steady").getMetadata().getResourceVersion()).as("no status writes").isEqualTo(version);
    assertThat(world.events("steady")).hasSize(events);
    assertThat(t.instance().tokenRequests()).as("no token call while the token is valid").isEqualTo(tokens);
    assertThat(t.instance().count("GET", "(?i).*/api/agent/me")).as("but it did re-check").isGreaterThan(agentCalls);
    assertThat(ready.getStatus().getLastVerifiedTime()).isNotNull();
  }

  @Test
  void requestedAtAnnotationTriggersARecheck() {
    Tenant t = world.tenant("poke");
    world.credentials("poke-creds", t);
    world.apply(link("poke", t.instance().baseUrl(), "poke-creds"));
    world.awaitReady("poke");
    int before = t.instance().count("GET", "(?i).*/api/agent/me");
    world.edit("poke", x -> {
      x.getMetadata().getAnnotations().put(HaloLink.REQUESTED_AT_ANNOTATION, "2026-12-03T20:00:00Z");
      return x;
    });
    world.awaitLink("poke", Duration.ofSeconds(10),
        x -> "2026-12-03T20:00:00Z".equals(x.getStatus().getLastHandledRequestedAt()), "requested-at handled");
    assertThat(t.instance().count("GET", "(?i).*/api/agent/me")).isGreaterThan(before);
  }

  @Test
  void serverErrorsAreRetriedNotBlamedOnCredentials() {
    Tenant t = world.tenant("flaky");
    t.instance().fault(Fault.when("POST", "(?i).*/auth/token").times(2).status(500, "text/html", "<html>oops</html>"));
    world.credentials("flaky-creds", t);
    world.apply(link("flaky", t.instance().baseUrl(), "flaky-creds"));
    world.awaitReady("flaky");
    assertThat(world.events("flaky")).noneMatch(e -> "InvalidClient".equals(e.getReason()));
  }
}
