package io.psalink.sandbox.halo;

import static io.psalink.sandbox.halo.HaloClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Token endpoint, scopes, permissions, lists and routing: the Halo behaviours a client meets first. */
class HaloSimulatorTest {
  private static final String ID = "client-a";
  private static final String SECRET = "s3cret-value";
  private static final String ALL_TEN = String.join(" ", Scopes.OPERATOR_PERMISSIONS);

  private HaloSimulator halo;
  private Instance acme;
  private Agent petra;
  private Application app;
  private final HaloClient client = new HaloClient();

  @BeforeEach
  void startHalo() {
    halo = HaloSimulator.start();
    acme = halo.instance("acme");
    petra = acme.addAgent("petra_api");
    app = acme.addApplication(ID, SECRET, Set.copyOf(Scopes.OPERATOR_PERMISSIONS), petra);
  }

  @AfterEach
  void stopHalo() {
    halo.close();
  }

  private String api(String path) {
    return acme.baseUrl() + "/api" + path;
  }

  // ---- token endpoint

  @Test
  void validClientGetsBearerTokenWithGrantedScopes() {
    HttpResponse<String> response = client.token(acme.baseUrl() + "/auth/token", ID, SECRET, ALL_TEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
    JsonNode body = json(response);
    assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
    assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
    assertThat(body.get("access_token").asText()).isNotBlank();
    assertThat(body.get("scope").asText().split(" ")).containsExactlyElementsOf(Scopes.OPERATOR_PERMISSIONS);
    assertThat(body.has("id_token")).isFalse();
  }

  @Test
  void unknownClientIdOrWrongSecretIsInvalidClientWithoutEchoingTheSecret() {
    HttpResponse<String> wrongId = client.token(acme.tokenUrl(), "client-b", SECRET, ALL_TEN);
    HttpResponse<String> wrongSecret = client.token(acme.tokenUrl(), ID, "not-the-secret", ALL_TEN);

    for (HttpResponse<String> response : List.of(wrongId, wrongSecret)) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(json(response).get("error").asText()).isEqualTo("invalid_client");
      assertThat(response.body()).doesNotContain(SECRET).doesNotContain("not-the-secret");
    }
  }

  @Test
  void echoSecretInErrorsPutsTheSubmittedSecretInThe401ForLeakTests() {
    acme.echoSecretInErrors(true);

    HttpResponse<String> response = client.token(acme.tokenUrl(), ID, "leaky-secret", ALL_TEN);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("invalid_client").contains("leaky-secret");
  }

  @Test
  void applicationClientIdChangedInHaloUiMakesTheOldIdInvalid() {
    app.setClientId("client-b");

    assertThat(client.token(acme.tokenUrl(), ID, SECRET, ALL_TEN).statusCode()).isEqualTo(401);
    assertThat(client.token(acme.tokenUrl(), "client-b", SECRET, ALL_TEN).statusCode()).isEqualTo(200);

    app.setClientSecret("rotated");
    assertThat(client.token(acme.tokenUrl(), "client-b", SECRET, ALL_TEN).statusCode()).isEqualTo(401);
  }

  @Test
  void unknownScopeIsInvalidScopeNamingTheScope() {
    HttpResponse<String> response = client.token(acme.tokenUrl(), ID, SECRET, "read:tickets read:widgets");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(body.get("error").asText()).isEqualTo("invalid_scope");
    assertThat(body.get("error_description").asText()).contains("read:widgets");
  }

  @Test
  void requiredTenantMissingOrWrongAnswersPerMode() {
    acme.requireTenant("acme");

    HttpResponse<String> missing = client.token(acme.tokenUrl(), ID, SECRET, ALL_TEN);
    HttpResponse<String> wrong = client.token(acme.tokenUrl() + "?tenant=other", ID, SECRET, ALL_TEN);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(json(missing).get("error").asText()).isEqualTo("invalid_request");
    assertThat(wrong.statusCode()).isEqualTo(400);

    acme.wrongTenantMode(Instance.WrongTenantMode.INVALID_CLIENT);
    HttpResponse<String> wrongAsClient = client.token(acme.tokenUrl() + "?tenant=other", ID, SECRET, ALL_TEN);
    assertThat(wrongAsClient.statusCode()).isEqualTo(401);
    assertThat(json(wrongAsClient).get("error").asText()).isEqualTo("invalid_client");

    assertThat(client.token(acme.tokenUrl() + "?tenant=acme", ID, SECRET, ALL_TEN).statusCode()).isEqualTo(200);
  }

  @Test
  void tokenWithoutScopeIsIssuedButEveryApiCallFails() {
    HttpResponse<String> response = client.token(acme.tokenUrl(), ID, SECRET, null);
    assertThat(response.statusCode()).isEqualTo(200);
    String token = json(response).get("access_token").asText();

    assertThat(client.get(api("/Agent/me"), token).statusCode()).isEqualTo(401);
    assertThat(client.get(api("/Tickets"), token).statusCode()).isEqualTo(401);

    acme.noScopeMode(Instance.NoScopeMode.FORBIDDEN);
    assertThat(client.get(api("/Agent/me"), token).statusCode()).isEqualTo(403);
    assertThat(client.get(api("/Tickets"), token).statusCode()).isEqualTo(403);
  }

  @Test
  void effectiveScopesAreRequestedIntersectPermittedAndEditImpliesRead() {
    app.setPermissions(Set.of("edit:tickets", "read:items"));

    HttpResponse<String> response =
        client.token(acme.tokenUrl(), ID, SECRET, "read:tickets edit:tickets read:items read:invoices");

    assertThat(json(response).get("scope").asText()).isEqualTo("read:tickets edit:tickets read:items");
    String token = json(response).get("access_token").asText();
    assertThat(client.get(api("/Tickets"), token).statusCode()).isEqualTo(200);
    assertThat(client.post(api("/Tickets"), token, "[{\"summary\":\"new\"}]").statusCode()).isEqualTo(200);
    assertThat(client.get(api("/Item"), token).statusCode()).isEqualTo(200);
    assertThat(client.get(api("/Invoice"), token).statusCode()).isEqualTo(403);
    assertThat(client.get(api("/Agent/me"), token).statusCode()).isEqualTo(200);
  }

  @Test
  void onlyEditGrantedStillAllowsReadAndUmbrellaPermissionsImplyEverything() {
    app.setPermissions(Set.of("edit:contracts"));
    String editOnly = client.accessToken(acme, ID, SECRET, "edit:contracts");
    assertThat(client.get(api("/ClientContract"), editOnly).statusCode()).isEqualTo(200);

    app.setPermissions(Set.of("all"));
    String readOnly = client.accessToken(acme, ID, SECRET, "read:tickets");
    assertThat(client.get(api("/Tickets"), readOnly).statusCode()).isEqualTo(200);
    assertThat(client.post(api("/Tickets"), readOnly, "[{}]").statusCode())
        .as("a scope the client did not request is not granted").isEqualTo(403);

    String all = client.accessToken(acme, ID, SECRET, "all");
    assertThat(client.post(api("/Tickets"), all, "[{}]").statusCode()).isEqualTo(200);
    assertThat(client.get(api("/Webhook"), all).statusCode()).isEqualTo(200);
  }

  @Test
  void scopeEchoCanBeSwitchedOffAndIdTokenOn() {
    acme.echoScope(false).idToken(true);

    JsonNode body = json(client.token(acme.tokenUrl(), ID, SECRET, ALL_TEN));

    assertThat(body.has("scope")).isFalse();
    String[] jwt = body.get("id_token").asText().split("\\.", -1);
    assertThat(jwt).hasSize(3);
    String claims = new String(Base64.getUrlDecoder().decode(jwt[1]), StandardCharsets.UTF_8);
    assertThat(claims).contains("\"name\":\"petra_api\"").contains("\"sub\":\"" + petra.id() + "\"");
  }

  @Test
  void expiredTokenGets401() throws InterruptedException {
    acme.tokenLifetime(Duration.ofMillis(150));
    HttpResponse<String> response = client.token(acme.tokenUrl(), ID, SECRET, ALL_TEN);
    assertThat(json(response).get("expires_in").asInt()).isEqualTo(1);
    String token = json(response).get("access_token").asText();
    assertThat(client.get(api("/Agent/me"), token).statusCode()).isEqualTo(200);

    Thread.sleep(200);

    assertThat(client.get(api("/Agent/me"), token).statusCode()).isEqualTo(401);
  }

  @Test
  void tokenEndpointRejectsOtherMethodsBodiesAndGrantTypes() {
    assertThat(client.get(acme.tokenUrl(), null).statusCode()).isEqualTo(405);
    HttpResponse<String> jsonBody = client.post(acme.tokenUrl(), null,
        "{\"grant_type\":\"client_credentials\",\"client_id\":\"" + ID + "\"}");
    assertThat(jsonBody.statusCode()).isEqualTo(400);
    assertThat(json(jsonBody).get("error").asText()).isEqualTo("invalid_request");
  }

  // ---- agents and permissions

  @Test
  void agentMeReturnsTheLoginAsAgent() {
    petra.setApiOnly(false).setAdmin(true).setRoles(List.of("Admin", "API"));
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);

    JsonNode me = json(client.get(api("/Agent/me"), token));

    assertThat(me.get("id").asInt()).isEqualTo(petra.id());
    assertThat(me.get("name").asText()).isEqualTo("petra_api");
    assertThat(me.get("isapiagent").asBoolean()).isFalse();
    assertThat(me.get("isdisabled").asBoolean()).isFalse();
    assertThat(me.get("is_admin").asBoolean()).isTrue();
    assertThat(me.get("roles").findValuesAsText("name")).containsExactly("Admin", "API");
  }

  @Test
  void agentsListHoldsRegisteredAndSeededAgents() {
    acme.seed("agents", 3);
    String token = client.accessToken(acme, ID, SECRET, "read:tickets");

    JsonNode list = json(client.get(api("/Agent"), token));

    assertThat(list.get("record_count").asInt()).isEqualTo(4);
    assertThat(list.get("agents").findValuesAsText("name")).contains("petra_api");
    assertThat(client.get(api("/Agent/" + petra.id()), token).statusCode()).isEqualTo(200);
    assertThat(client.get(api("/Agent/9999"), token).statusCode()).isEqualTo(404);
  }

  @Test
  void agentRoleCanBlockWhatTheApplicationGrants() {
    acme.agentDenies(petra, "read:tickets");
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);

    HttpResponse<String> tickets = client.get(api("/Tickets?count=1"), token);

    assertThat(tickets.statusCode()).isEqualTo(403);
    assertThat(tickets.body()).isEmpty();
    assertThat(client.post(api("/Tickets"), token, "[{}]").statusCode()).isEqualTo(403);
    assertThat(client.get(api("/Agent/me"), token).statusCode()).isEqualTo(200);
    assertThat(client.get(api("/Item?count=1"), token).statusCode()).isEqualTo(200);

    acme.agentAllows(petra, "read:tickets");
    assertThat(client.get(api("/Tickets?count=1"), token).statusCode()).isEqualTo(200);
  }

  @Test
  void forbiddenBodyTakesEachForm() {
    app.setPermissions(Set.of("read:items"));
    String token = client.accessToken(acme, ID, SECRET, "read:items");

    assertThat(client.get(api("/Tickets"), token).body()).isEmpty();

    acme.forbiddenBody(Instance.ForbiddenBody.TEXT);
    HttpResponse<String> text = client.get(api("/Tickets"), token);
    assertThat(text.statusCode()).isEqualTo(403);
    assertThat(text.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(text.body()).isNotBlank();

    acme.forbiddenBody(Instance.ForbiddenBody.JSON);
    HttpResponse<String> jsonBody = client.get(api("/Tickets"), token);
    assertThat(jsonBody.statusCode()).isEqualTo(403);
    assertThat(json(jsonBody).get("message").asText()).isNotBlank();
  }

  @Test
  void apiWithoutOrWithUnknownTokenIs401() {
    assertThat(client.get(api("/Agent/me"), null).statusCode()).isEqualTo(401);
    HttpResponse<String> bogus = client.get(api("/Tickets"), "not-a-token");
    assertThat(bogus.statusCode()).isEqualTo(401);
    assertThat(bogus.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
  }

  @Test
  void tokenOfOneInstanceIsWorthlessOnAnother() {
    Instance other = halo.instance("globex");
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);

    assertThat(client.get(other.baseUrl() + "/api/Agent/me", token).statusCode()).isEqualTo(401);
  }

  // ---- lists, reads, writes

  @Test
  void listPagesAreCappedAt100SoRecordCount250TakesThreePages() {
    acme.seed("tickets", 250);
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);

    int seen = 0;
    int pages = 0;
    for (int page = 1; ; page++) {
      JsonNode body = json(client.get(api("/Tickets?pageinate=true&page_size=1000&page_no=" + page), token));
      assertThat(body.get("record_count").asInt()).isEqualTo(250);
      int size = body.get("tickets").size();
      if (size == 0) {
        break;
      }
      assertThat(body.get("tickets").get(0).get("id").asInt()).isEqualTo(seen + 1);
      seen += size;
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    assertThat(seen).isEqualTo(250);

    assertThat(json(client.get(api("/Tickets?count=1000"), token)).get("tickets").size()).isEqualTo(100);
    assertThat(json(client.get(api("/Tickets"), token)).get("tickets").size()).isEqualTo(100);
    acme.pageCap(20);
    assertThat(json(client.get(api("/Tickets?count=50"), token)).get("tickets").size()).isEqualTo(20);
  }

  @Test
  void eachListHasItsPluralKeyAndBareObjectReads() {
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);
    record Route(String path, String plural) {}
    for (Route route : List.of(new Route("/Tickets", "tickets"), new Route("/Client", "clients"),
        new Route("/ClientContract", "contracts"), new Route("/Item", "items"), new Route("/Invoice", "invoices"),
        new Route("/Agent", "agents"))) {
      JsonNode list = json(client.get(api(route.path() + "?count=2&some_filter=x"), token));
      assertThat(list.get(route.plural()).size()).as(route.path()).isEqualTo(2);
      assertThat(list.get("record_count").asInt()).as(route.path()).isGreaterThanOrEqualTo(2);
    }
    JsonNode ticket = json(client.get(api("/Tickets/3"), token));
    assertThat(ticket.get("id").asInt()).isEqualTo(3);
    assertThat(client.get(api("/Tickets/999"), token).statusCode()).isEqualTo(404);
    assertThat(client.get(api("/Tickets/abc"), token).statusCode()).isEqualTo(404);
  }

  @Test
  void postArrayCreatesWithoutIdAndUpdatesWithId() {
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);

    HttpResponse<String> created = client.post(api("/Item"), token, "[{\"name\":\"Firewall\"}]");
    assertThat(created.statusCode()).isEqualTo(200);
    int id = json(created).get("id").asInt();
    assertThat(id).isEqualTo(Instance.DEFAULT_SEED + 1);

    HttpResponse<String> updated = client.post(api("/Item"), token, "[{\"id\":" + id + ",\"name\":\"Router\"}]");
    assertThat(json(updated).get("name").asText()).isEqualTo("Router");
    assertThat(json(client.get(api("/Item/" + id), token)).get("name").asText()).isEqualTo("Router");

    assertThat(client.post(api("/Item"), token, "[{\"id\":4242,\"name\":\"x\"}]").statusCode()).isEqualTo(404);
    assertThat(client.post(api("/Item"), token, "{\"name\":\"not an array\"}").statusCode()).isEqualTo(400);
    assertThat(client.delete(api("/Item/" + id), token).statusCode()).isEqualTo(200);
    assertThat(client.delete(api("/Item/" + id), token).statusCode()).isEqualTo(404);
  }

  // ---- routing

  @Test
  void routingIgnoresCaseButNotDoubledPrefixes() {
    String token = client.accessToken(acme, ID, SECRET, ALL_TEN);
    String upperBase = acme.baseUrl().replace("/acme", "/ACME");

    assertThat(client.get(upperBase + "/API/tickets?COUNT=1", token).statusCode()).isEqualTo(200);
    assertThat(json(client.get(upperBase + "/API/tickets?COUNT=1", token)).get("tickets").size()).isEqualTo(1);
    assertThat(client.get(api("/agent/ME"), token).statusCode()).isEqualTo(200);
    assertThat(client.get(api("/Tickets/"), token).statusCode()).isEqualTo(200);
    assertThat(client.token(acme.baseUrl() + "/AUTH/Token", ID, SECRET, ALL_TEN).statusCode()).isEqualTo(200);

    assertThat(client.get(api("/api/Tickets"), token).statusCode()).isEqualTo(404);
    assertThat(client.token(acme.baseUrl() + "/api/auth/token", ID, SECRET, ALL_TEN).statusCode()).isEqualTo(404);
    assertThat(client.get(acme.baseUrl() + "/nothing", token).statusCode()).isEqualTo(404);
    assertThat(client.get(acme.baseUrl().replace("/acme", "/nobody") + "/api/Tickets", token).statusCode())
        .isEqualTo(404);
  }

  // ---- auth server discovery

  @Test
  void authInfoPointsAtTheSameHostByDefault() {
    JsonNode info = json(client.get(acme.baseUrl() + "/api/authinfo", null));

    assertThat(info.get("auth_url").asText()).isEqualTo(acme.baseUrl() + "/auth");
    assertThat(info.get("tenant_id").asText()).isEqualTo("acme");
  }

  @Test
  void separateAuthHostMovesTheTokenEndpointAndAuthInfoFindsIt() {
    acme.separateAuthHost(true).requireTenant("acme-tenant");

    assertThat(client.token(acme.baseUrl() + "/auth/token?tenant=acme-tenant", ID, SECRET, ALL_TEN).statusCode())
        .isEqualTo(404);
    JsonNode info = json(client.get(acme.baseUrl() + "/api/AuthInfo", null));
    String authUrl = info.get("auth_url").asText();
    assertThat(authUrl).startsWith("http://localhost:" + halo.port() + "/").doesNotEndWith("/token");
    assertThat(info.get("tenant_id").asText()).isEqualTo("acme-tenant");

    HttpResponse<String> token = client.token(authUrl + "/token?tenant=acme-tenant", ID, SECRET, ALL_TEN);
    assertThat(token.statusCode()).isEqualTo(200);
    String accessToken = json(token).get("access_token").asText();
    assertThat(client.get(api("/Agent/me"), accessToken).statusCode()).isEqualTo(200);
    assertThat(acme.tokenRequests()).isEqualTo(2);
  }

  @Test
  void authInfoCanBeUnavailable() {
    acme.authInfoAvailable(false);

    assertThat(client.get(acme.baseUrl() + "/api/authinfo", null).statusCode()).isEqualTo(404);
  }
}
