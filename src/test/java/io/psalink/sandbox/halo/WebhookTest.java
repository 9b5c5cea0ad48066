package io.psalink.sandbox.halo;

import static io.psalink.sandbox.halo.HaloClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/Webhook}: the array POST that creates or updates, reads, deletes, validation and drift. */
class WebhookTest {
  private static final String HOOK = """
      [{"name":"alerts","url":"https://platform.example/hooks/halo","method":0,"content_type":"application/json",
        "note":"psalink:psa/acme","authentication_type":1,"basic_username":"halo","basic_password":"hook-pass",
        "events":[{"eventno":1},{"eventno":2}]}]""";

  private HaloSimulator halo;
  private Instance acme;
  private Application app;
  private String token;
  private final HaloClient client = new HaloClient();

  @BeforeEach
  void startHalo() {
    halo = HaloSimulator.start();
    acme = halo.instance("acme");
    app = acme.addApplication("id", "secret", Set.copyOf(Scopes.OPERATOR_PERMISSIONS), acme.addAgent("petra_api"));
    token = client.accessToken(acme, "id", "secret", String.join(" ", Scopes.OPERATOR_PERMISSIONS));
  }

  @AfterEach
  void stopHalo() {
    halo.close();
  }

  private String webhooks() {
    return acme.baseUrl() + "/api/Webhook";
  }

  private String create() {
    HttpResponse<String> response = client.post(webhooks(), token, HOOK);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("id").asText();
  }

  @Test
  void createAssignsUuidAndStoresEveryField() {
    String id = create();

    assertThat(UUID.fromString(id)).isNotNull();
    JsonNode list = json(client.get(webhooks(), token));
    assertThat(list.isArray()).isTrue();
    assertThat(list).hasSize(1);
    JsonNode stored = list.get(0);
    assertThat(stored.get("id").asText()).isEqualTo(id);
    assertThat(stored.get("url").asText()).isEqualTo("https://platform.example/hooks/halo");
    assertThat(stored.get("note").asText()).isEqualTo("psalink:psa/acme");
    assertThat(stored.get("authentication_type").asInt()).isEqualTo(1);
    assertThat(stored.get("basic_username").asText()).isEqualTo("halo");
    assertThat(stored.get("active").asBoolean()).isTrue();
    assertThat(stored.get("disabled").asBoolean()).isFalse();
    assertThat(stored.get("events").findValuesAsText("eventno")).containsExactly("1", "2");
    for (String field : new String[] {"name", "type", "method", "content_type", "basic_password", "payload_type"}) {
      assertThat(stored.has(field)).as(field).isTrue();
    }

    Webhook direct = acme.webhooks().get(0);
    assertThat(direct.eventNumbers()).containsExactly(1, 2);
    assertThat(direct.toString()).doesNotContain("hook-pass");
  }

  @Test
  void postWithIdUpdatesOnlyTheFieldsSent() {
    String id = create();

    HttpResponse<String> response = client.post(webhooks(), token,
        "[{\"id\":\"" + id + "\",\"url\":\"https://platform.example/v2\",\"events\":[{\"eventno\":3}]}]");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode read = json(client.get(webhooks() + "/" + id + "?includedetails=true", token));
    assertThat(read.get("url").asText()).isEqualTo("https://platform.example/v2");
    assertThat(read.get("events").findValuesAsText("eventno")).containsExactly("3");
    assertThat(read.get("name").asText()).isEqualTo("alerts");
    assertThat(acme.webhooks()).hasSize(1);
  }

  @Test
  void updateOfUnknownIdIs404AndChangesNothing() {
    HttpResponse<String> response = client.post(webhooks(), token,
        "[{\"id\":\"" + UUID.randomUUID() + "\",\"url\":\"https://x.example\",\"events\":[{\"eventno\":1}]}]");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(acme.webhooks()).isEmpty();
  }

  @Test
  void deleteRemovesAndAnswers404WhenUnknown() {
    String id = create();

    assertThat(client.delete(webhooks() + "/" + id, token).statusCode()).isEqualTo(200);
    assertThat(client.get(webhooks() + "/" + id, token).statusCode()).isEqualTo(404);
    assertThat(client.delete(webhooks() + "/" + id, token).statusCode()).isEqualTo(404);
    assertThat(acme.webhooks()).isEmpty();
  }

  @Test
  void urlAndAtLeastOneEventAreRequired() {
    HttpResponse<String> noUrl = client.post(webhooks(), token, "[{\"name\":\"a\",\"events\":[{\"eventno\":1}]}]");
    HttpResponse<String> noEvents = client.post(webhooks(), token, "[{\"name\":\"a\",\"url\":\"https://x\",\"events\":[]}]");
    HttpResponse<String> missingEvents = client.post(webhooks(), token, "[{\"name\":\"a\",\"url\":\"https://x\"}]");
    HttpResponse<String> badType = client.post(webhooks(), token,
        "[{\"url\":\"https://x\",\"method\":\"secret-looking\",\"events\":[{\"eventno\":1}]}]");

    assertThat(noUrl.statusCode()).isEqualTo(400);
    assertThat(json(noUrl).get("message").asText()).containsIgnoringCase("url");
    assertThat(noEvents.statusCode()).isEqualTo(400);
    assertThat(json(noEvents).get("message").asText()).containsIgnoringCase("event");
    assertThat(missingEvents.statusCode()).isEqualTo(400);
    assertThat(badType.statusCode()).isEqualTo(400);
    assertThat(badType.body()).doesNotContain("secret-looking");
    assertThat(acme.webhooks()).isEmpty();
  }

  @Test
  void postAnswerShapeAndStatusAreSwitches() {
    acme.webhookPostReturns(Instance.PostReturns.ARRAY).webhookPostStatus(201);

    HttpResponse<String> response = client.post(webhooks(), token, HOOK);

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(json(response).isArray()).isTrue();
    assertThat(json(response).get(0).get("id").asText()).isNotBlank();
  }

  @Test
  void unknownFiltersAreIgnoredButTypeFilters() {
    create();
    Webhook runbook = Webhook.of("runbook", "https://runbook.example", 5);
    runbook.type = 1;
    acme.putWebhook(runbook);

    assertThat(json(client.get(webhooks() + "?note=psalink:psa/other", token))).hasSize(2);
    assertThat(json(client.get(webhooks() + "?type=0", token))).hasSize(1);
    assertThat(json(client.get(webhooks() + "?type=1", token)).get(0).get("name").asText()).isEqualTo("runbook");
  }

  @Test
  void humanDriftAndDirectDeletionShowThroughTheApi() {
    String id = create();

    acme.updateWebhook(id, w -> w.url = "https://someone-else.example");
    assertThat(json(client.get(webhooks() + "/" + id, token)).get("url").asText())
        .isEqualTo("https://someone-else.example");

    assertThat(acme.deleteWebhookDirect(id)).isTrue();
    assertThat(json(client.get(webhooks(), token))).isEmpty();
  }

  @Test
  void passwordsCanBeMaskedOnRead() {
    String id = create();
    acme.maskWebhookPasswords(true);

    assertThat(json(client.get(webhooks() + "/" + id, token)).get("basic_password").isNull()).isTrue();
    assertThat(acme.webhook(id).orElseThrow().basicPassword).isEqualTo("hook-pass");
  }

  @Test
  void webhooksNeedAdminWebhooks() {
    app.setPermissions(Set.of("read:tickets"));
    String ticketsOnly = client.accessToken(acme, "id", "secret", "read:tickets");

    assertThat(client.get(webhooks(), ticketsOnly).statusCode()).isEqualTo(403);
    assertThat(client.post(webhooks(), ticketsOnly, HOOK).statusCode()).isEqualTo(403);
    assertThat(acme.webhooks()).isEmpty();
  }

  @Test
  void webhookEventsListIsEmpty() {
    String id = create();

    HttpResponse<String> events = client.get(acme.baseUrl() + "/api/WebhookEvent?webhook_id=" + id, token);

    assertThat(events.statusCode()).isEqualTo(200);
    assertThat(json(events).isArray()).isTrue();
    assertThat(json(events)).isEmpty();
  }
}
