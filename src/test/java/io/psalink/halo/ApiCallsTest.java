package io.psalink.halo;

import static io.psalink.halo.Failed.failureOf;
import static io.psalink.halo.FakeHalo.json;
import static io.psalink.halo.FakeHalo.text;
import static io.psalink.halo.Targets.SECRET;
import static io.psalink.halo.Targets.fastHttp;
import static io.psalink.halo.Targets.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiCallsTest {

  final FakeHalo halo = new FakeHalo().healthy();
  final MutableClock clock = new MutableClock();
  final HaloClient client = new HaloClient(fastHttp(), clock);
  final HaloSession session = client.session(target(halo));

  @AfterEach
  void close() {
    client.close();
    halo.close();
  }


  // ---- agent and 401 ----

  @Test
  void meReadsTheLoginAgent() throws Exception {
    assertThat(session.me()).isEqualTo(new HaloAgent(12, "petra_api", true, false));
    assertThat(halo.last("GET /api/Agent/me").getHeaders().get("Authorization")).isEqualTo("Bearer tok-1");
  }

  /** The server closes the connection after each answer without saying so: the pool keeps a dead connection. */
  private static MockResponse thenClosed(MockResponse.Builder answer) {
    return answer.onResponseEnd(new SocketEffect.CloseSocket()).build();
  }

  @Test
  void aGetOnAKeptAliveConnectionTheServerClosedGoesOnceMore() throws Exception {
    halo.on("GET /api/Agent/me", r -> thenClosed(new MockResponse.Builder().code(200)
        .setHeader("Content-Type", "application/json")
        .body("{\"id\":12,\"name\":\"petra_api\",\"isapiagent\":true,\"isdisabled\":false}")));
    session.me();
    assertThat(session.me()).isEqualTo(new HaloAgent(12, "petra_api", true, false));
    assertThat(halo.count("GET /api/Agent/me")).as("answered by Halo").isEqualTo(2);
    // discovery, token, me, the me that broke, me again
    assertThat(session.requestCount()).as("sent, the broken one included").isEqualTo(5);
  }

  @Test
  void aWriteWhoseConnectionBreaksIsNotSentAgain() {
    halo.on("POST /api/Webhook", r -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket())
        .build());
    HaloFailure f = failureOf(() -> session.saveWebhook(new HaloWebhook().setName("alerts")
        .setUrl("https://platform.example/hooks")));
    assertThat(f).isInstanceOf(HaloFailure.Unreachable.class);
    assertThat(f.isTransient()).isTrue();
    assertThat(halo.count("POST /api/Webhook")).as("a write may have landed: the next pass finds it").isEqualTo(1);
  }

  @Test
  void agentWithoutFlagsIsNeitherApiOnlyNorDisabled() throws Exception {
    halo.on("GET /api/Agent/me", 200, "{\"id\":\"7\",\"name\":\"bob\"}");
    assertThat(session.me()).isEqualTo(new HaloAgent(7, "bob", false, false));
  }

  @Test
  void api401RemintsOnceThenUnauthorized() {
    halo.on("GET /api/Agent/me", 401, "");

    HaloFailure f = failureOf(session::me);

    assertThat(f).isEqualTo(new HaloFailure.Unauthorized("/api/Agent/me"));
    assertThat(f.isTransient()).isFalse();
    assertThat(halo.count("POST /auth/token")).isEqualTo(2);
    assertThat(halo.count("GET /api/Agent/me")).isEqualTo(2);
    assertThat(halo.requests.get(halo.requests.size() - 1).getHeaders().get("Authorization")).isEqualTo("Bearer tok-2");
  }

  @Test
  void api401WithAStaleTokenRecoversWithANewOne() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    halo.on("GET /api/Agent/me", r -> calls.incrementAndGet() == 1 ? json(401, "")
        : json(200, "{\"id\":12,\"name\":\"petra_api\",\"isapiagent\":true}"));

    assertThat(session.me().id()).isEqualTo(12);
    assertThat(client.session(target(halo)).token().value()).isEqualTo("tok-2");
  }

  // ---- probes ----

  @Test
  void probeIsAOneItemGetOfTheGuardedList() throws Exception {
    halo.on("GET /api/Tickets", 200, "{\"record_count\":5,\"tickets\":[{\"id\":1}]}");

    assertThat(session.probe("read:tickets")).isEqualTo(ProbeResult.GRANTED);
    RecordedRequest r = halo.last("GET /api/Tickets");
    assertThat(r.getUrl().queryParameter("pageinate")).isEqualTo("true");
    assertThat(r.getUrl().queryParameter("page_size")).isEqualTo("1");
    assertThat(r.getUrl().queryParameter("page_no")).isEqualTo("1");
  }

  @ParameterizedTest(name = "403 with body \"{0}\"")
  @ValueSource(strings = {"", "Forbidden", "{\"message\":\"You do not have permission\"}"})
  void probe403IsForbidden(String body) throws Exception {
    halo.on("GET /api/Item", r -> text(403, body.startsWith("{") ? "application/json" : "text/plain", body));
    assertThat(session.probe("read:items")).isEqualTo(ProbeResult.FORBIDDEN);
  }

  @Test
  void forbiddenTicketsLeaveOtherProbesGranted() throws Exception {
    halo.on("GET /api/Tickets", 403, "").on("GET /api/Client", 200, "{\"record_count\":0,\"clients\":[]}")
        .on("GET /api/Webhook", 200, "[]");
    assertThat(session.probe("read:tickets")).isEqualTo(ProbeResult.FORBIDDEN);
    assertThat(session.probe("read:customers")).isEqualTo(ProbeResult.GRANTED);
    assertThat(session.probe("admin:webhooks")).isEqualTo(ProbeResult.GRANTED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"edit:tickets", "edit:invoices", "all", "all:teams", "admin", "read:unicorns", ""})
  void unprobeablePermissionsSendNothing(String permission) throws Exception {
    assertThat(session.probe(permission)).isEqualTo(ProbeResult.NOT_PROBEABLE);
    assertThat(halo.requests).isEmpty();
  }

  @Test
  void probeAnsweringOtherStatusesThrowsTheTypedFailure() {
    halo.on("GET /api/Invoice", 404, "").on("GET /api/ClientContract", 502, "");
    assertThat(failureOf(() -> session.probe("read:invoices"))).isEqualTo(new HaloFailure.NotFound("/api/Invoice"));
    assertThat(failureOf(() -> session.probe("read:contracts"))).isEqualTo(new HaloFailure.ServerError(502, "/api/ClientContract"));
  }

  @Test
  void probeAnsweredWithALoginPageIsNotGranted() {
    halo.on("GET /api/Tickets", r -> text(200, "text/html", "<!DOCTYPE html><title>Login</title>"));
    assertThat(failureOf(() -> session.probe("read:tickets"))).isInstanceOf(HaloFailure.BadResponse.class);
  }

  // ---- paging ----

  /** A list of {@code total} clients that serves at most 100 a page, whatever page_size asks. */
  void clients(int total, boolean withCount) {
    halo.on("GET /api/Client", r -> {
      int page = Integer.parseInt(r.getUrl().queryParameter("page_no"));
      int from = (page - 1) * 100;
      StringBuilder items = new StringBuilder();
      for (int i = from; i < Math.min(total, from + 100); i++) {
        items.append(items.length() == 0 ? "" : ",").append("{\"id\":").append(i + 1).append(",\"name\":\"c").append(i + 1).append("\"}");
      }
      return json(200, "{" + (withCount ? "\"record_count\":" + total + "," : "") + "\"clients\":[" + items + "]}");
    });
  }

  @Test
  void pagingSurvivesHundredItemCap() throws Exception {
    clients(250, true);

    List<JsonNode> all = session.listAll("/Client", "clients", JsonNode.class);

    assertThat(all).hasSize(250);
    assertThat(all.get(249).get("id").asInt()).isEqualTo(250);
    assertThat(halo.count("GET /api/Client")).isEqualTo(3);
    assertThat(halo.last("GET /api/Client").getUrl().queryParameter("page_no")).isEqualTo("3");
    assertThat(halo.last("GET /api/Client").getUrl().queryParameter("pageinate")).isEqualTo("true");
  }

  @Test
  void pagingWithoutRecordCountStopsAtAShortPage() throws Exception {
    clients(130, false);
    assertThat(session.listAll("Client", "clients", JsonNode.class)).hasSize(130);
    assertThat(halo.count("GET /api/Client")).isEqualTo(2);
  }

  @Test
  void pagingStopsAtAnEmptyPage() throws Exception {
    clients(200, false);
    assertThat(session.listAll("Client", "clients", JsonNode.class)).hasSize(200);
    assertThat(halo.count("GET /api/Client")).isEqualTo(3);
  }

  @Test
  void pagingMapsItemsToTheRequestedType() throws Exception {
    clients(3, true);
    record Customer(int id, String name) {}
    assertThat(session.listAll("Client", "clients", Customer.class)).containsExactly(
        new Customer(1, "c1"), new Customer(2, "c2"), new Customer(3, "c3"));
  }

  @Test
  void pageThatIgnoresPageNumberIsBadResponseNotALoop() {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      items.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append("}");
    }
    halo.on("GET /api/Client", 200, "{\"record_count\":250,\"clients\":[" + items + "]}");

    assertThat(failureOf(() -> session.listAll("Client", "clients", JsonNode.class))).isInstanceOf(HaloFailure.BadResponse.class);
    assertThat(halo.count("GET /api/Client")).isEqualTo(2);
  }

  @Test
  void endlessPagingIsCutOff() {
    client.maxPages = 7;
    halo.on("GET /api/Client", r -> json(200, "{\"record_count\":1000000,\"clients\":[{\"id\":" + r.getUrl().queryParameter("page_no") + "}]}"));

    assertThat(failureOf(() -> session.listAll("Client", "clients", JsonNode.class)))
        .isEqualTo(new HaloFailure.BadResponse(200, "/api/Client", "more than 7 pages"));
    assertThat(halo.count("GET /api/Client")).isEqualTo(7);
  }

  @Test
  void listWithoutThePluralKeyIsBadResponse() {
    halo.on("GET /api/Client", 200, "{\"record_count\":1,\"customers\":[{}]}");
    assertThat(failureOf(() -> session.listAll("Client", "clients", JsonNode.class))).isInstanceOf(HaloFailure.BadResponse.class);
  }

  @Test
  void pathsThatWouldDoubleTheApiPrefixAreRejected() {
    assertThatThrownBy(() -> session.listAll("/api/Client", "clients", JsonNode.class)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> session.listAll("auth/token", "x", JsonNode.class)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> session.listAll("https://evil.example/x", "x", JsonNode.class)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourceServerWithApiSuffixNeverDoublesApiOnTheWire() throws Exception {
    halo.on("GET /api/authinfo", 200, "{\"auth_url\":\"" + halo.base() + "/auth\"}")
        .on("GET /api/Tickets", 200, "{\"record_count\":0,\"tickets\":[]}").on("GET /api/Webhook", 200, "[]");
    HaloSession s = client.session(target(HaloEndpoint.parse(halo.base() + "/API/"), null, null, "client-b", SECRET));

    s.me();
    s.probe("read:tickets");
    s.listAll("Tickets", "tickets", JsonNode.class);
    s.webhooks();

    assertThat(halo.requests).isNotEmpty().allSatisfy(r ->
        assertThat(r.getUrl().encodedPath().toLowerCase()).doesNotContainPattern("/api/(api|auth)(/|$)"));
    assertThat(halo.count("POST /auth/token")).isEqualTo(1);
  }

  // ---- webhooks ----

  @Test
  void webhooksAreReadFromABareArray() throws Exception {
    halo.on("GET /api/Webhook", 200, "[{\"id\":\"7f0c\",\"name\":\"alerts\",\"events\":[{\"eventno\":1},{\"eventno\":2}]}]");

    List<HaloWebhook> hooks = session.webhooks();

    assertThat(hooks).singleElement().satisfies(w -> {
      assertThat(w.getId()).isEqualTo("7f0c");
      assertThat(w.getEvents()).containsExactly(1, 2);
    });
  }

  @Test
  void webhooksAreReadFromAWrappedList() throws Exception {
    halo.on("GET /api/Webhook", 200, "{\"record_count\":1,\"webhooks\":[{\"id\":\"a\",\"name\":\"x\"}]}");
    assertThat(session.webhooks()).extracting(HaloWebhook::getId).containsExactly("a");
  }

  @Test
  void saveWebhookPostsAnArrayWithEventNumbers() throws Exception {
    halo.on("POST /api/Webhook", 201, "{\"id\":\"new-uuid\",\"name\":\"alerts\",\"events\":[{\"id\":9,\"eventno\":1}]}");
    HaloWebhook w = HaloWebhook.create("alerts", "https://platform.example/hooks/halo", List.of(1)).setNote("psalink:psa/acme/alerts");

    HaloWebhook saved = session.saveWebhook(w);

    assertThat(saved.getId()).isEqualTo("new-uuid");
    JsonNode sent = Json.MAPPER.readTree(halo.last("POST /api/Webhook").getBody().utf8());
    assertThat(sent.isArray()).isTrue();
    assertThat(sent.get(0).has("id")).isFalse();
    assertThat(sent.get(0).get("events").toString()).isEqualTo("[{\"eventno\":1}]");
    assertThat(sent.get(0).get("url").asText()).isEqualTo("https://platform.example/hooks/halo");
    assertThat(sent.get(0).get("content_type").asText()).isEqualTo("application/json");
    assertThat(sent.get(0).get("method").asInt()).isZero();
    assertThat(sent.get(0).get("note").asText()).isEqualTo("psalink:psa/acme/alerts");
  }

  @Test
  void saveWebhookAcceptsAnArrayAnswerWith200() throws Exception {
    halo.on("POST /api/Webhook", 200, "[{\"id\":\"u-1\",\"name\":\"alerts\"}]");
    assertThat(session.saveWebhook(HaloWebhook.create("alerts", "https://p.example", List.of(1))).getId()).isEqualTo("u-1");
  }

  @Test
  void saveWebhookAnswerWithoutIdIsBadResponse() {
    halo.on("POST /api/Webhook", 200, "[]");
    assertThat(failureOf(() -> session.saveWebhook(HaloWebhook.create("a", "https://p.example", List.of(1)))))
        .isInstanceOf(HaloFailure.BadResponse.class);
  }

  @Test
  void webhookUpdateRoundTripsWhatHaloHad() throws Exception {
    halo.on("GET /api/Webhook", 200, "[{\"id\":\"u-1\",\"name\":\"alerts\",\"payload_type\":3,\"disabled\":false,"
        + "\"events\":[{\"id\":41,\"eventno\":1,\"webhook_id\":\"u-1\"}]}]")
        .on("POST /api/Webhook", r -> json(200, r.getBody().utf8()));
    HaloWebhook w = session.webhooks().get(0).setUrl("https://new.example").setEvents(List.of(1, 5));

    session.saveWebhook(w);

    JsonNode sent = Json.MAPPER.readTree(halo.last("POST /api/Webhook").getBody().utf8()).get(0);
    assertThat(sent.get("id").asText()).isEqualTo("u-1");
    assertThat(sent.get("payload_type").asInt()).isEqualTo(3);
    assertThat(sent.has("disabled")).isTrue();
    assertThat(sent.has("active")).isFalse();
    assertThat(sent.get("events").toString()).isEqualTo("[{\"id\":41,\"eventno\":1,\"webhook_id\":\"u-1\"},{\"eventno\":5}]");
  }

  @Test
  void deleteWebhookDeletesById() throws Exception {
    halo.on("DELETE /api/Webhook/0d6e-uuid", 200, "");
    session.deleteWebhook("0d6e-uuid");
    assertThat(halo.count("DELETE /api/Webhook/0d6e-uuid")).isEqualTo(1);
  }

  @Test
  void deletingAMissingWebhookCountsAsDone() throws Exception {
    session.deleteWebhook("gone"); // the fake answers 404
    assertThat(halo.count("DELETE /api/Webhook/gone")).isEqualTo(1);
  }

  @Test
  void deleteAnsweredWithAnErrorIn200IsBadResponse() {
    halo.on("DELETE /api/Webhook/x", 200, "{\"error\":\"locked\"}");
    assertThat(failureOf(() -> session.deleteWebhook("x"))).isInstanceOf(HaloFailure.BadResponse.class);
  }

  @Test
  void webhookToStringHidesThePassword() {
    HaloWebhook w = HaloWebhook.create("a", "https://p.example", List.of(1)).setAuthenticationType(HaloWebhook.AUTH_BASIC)
        .setBasicUsername("halo").setBasicPassword("hook-pass-123");
    assertThat(w.toString()).doesNotContain("hook-pass-123").contains("halo");
    assertThat(Map.copyOf(w.getOther())).isEmpty();
  }
}
