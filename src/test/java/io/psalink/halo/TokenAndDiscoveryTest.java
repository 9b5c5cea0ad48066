package io.psalink.halo;

import static io.psalink.halo.Failed.failureOf;
import static io.psalink.halo.FakeHalo.json;
import static io.psalink.halo.FakeHalo.text;
import static io.psalink.halo.Targets.SECRET;
import static io.psalink.halo.Targets.fastHttp;
import static io.psalink.halo.Targets.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenAndDiscoveryTest {

  final FakeHalo halo = new FakeHalo();
  final MutableClock clock = new MutableClock();
  final HaloClient client = new HaloClient(fastHttp(), clock);

  @AfterEach
  void close() {
    client.close();
    halo.close();
  }


  // ---- discovery ----

  @Test
  void tokenUrlIsDiscoveredFromAuthinfo() throws Exception {
    halo.on("GET /api/authinfo", 200, "{\"auth_url\":\"" + halo.base() + "/elsewhere/auth\",\"tenant_id\":\"x\"}")
        .tokens("/elsewhere/auth/token", 3600);
    HaloSession s = client.session(target(halo));

    assertThat(s.endpoints()).isEqualTo(new ResolvedEndpoints(URI.create(halo.base() + "/api"), URI.create(halo.base() + "/elsewhere/auth/token")));
    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(halo.count("GET /api/authinfo")).isEqualTo(1);
  }

  @ParameterizedTest(name = "authinfo answering {0}")
  @ValueSource(strings = {"404", "html", "notjson", "nofield", "error", "plainhttp"})
  void failedDiscoveryFallsBackToBaseAuth(String how) throws Exception {
    MockResponse answer = switch (how) {
      case "404" -> json(404, "");
      case "html" -> text(200, "text/html", "<html>login</html>");
      case "notjson" -> text(200, "application/json", "auth_url=x");
      case "nofield" -> json(200, "{\"tenant_id\":\"x\"}");
      case "error" -> json(200, "{\"error\":\"oops\",\"auth_url\":\"https://wrong.example\"}");
      default -> json(200, "{\"auth_url\":\"http://auth.remote.example/auth\"}"); // never send a secret in clear text
    };
    halo.on("GET /api/authinfo", r -> answer).tokens("/auth/token", 3600);
    HaloSession s = client.session(target(halo));

    assertThat(s.endpoints().token()).hasToString(halo.base() + "/auth/token");
    assertThat(s.token().value()).isEqualTo("tok-1");
  }

  @Test
  void discoveryIsCachedPerBaseForAnHour() throws Exception {
    halo.on("GET /api/authinfo", 200, "{\"auth_url\":\"" + halo.base() + "/auth\"}").tokens("/auth/token", 3600);

    client.session(target(halo)).endpoints();
    client.session(target(halo)).endpoints();
    assertThat(halo.count("GET /api/authinfo")).isEqualTo(1);

    clock.advance(Duration.ofMinutes(61));
    client.session(target(halo)).endpoints();
    assertThat(halo.count("GET /api/authinfo")).isEqualTo(2);
  }

  @Test
  void parallelFirstCallsDiscoverOnce() throws Exception {
    halo.on("GET /api/authinfo", r -> new MockResponse.Builder().code(200).headersDelay(200, TimeUnit.MILLISECONDS)
        .body("{\"auth_url\":\"" + halo.base() + "/auth\"}").build()).tokens("/auth/token", 3600);
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<ResolvedEndpoints>> results = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        results.add(pool.submit(() -> client.session(target(halo)).endpoints()));
      }
      for (Future<ResolvedEndpoints> f : results) {
        assertThat(f.get(5, TimeUnit.SECONDS).token()).hasToString(halo.base() + "/auth/token");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(halo.count("GET /api/authinfo")).isEqualTo(1);
  }

  @Test
  void api401RightAfterAFallbackStillRemints() throws Exception {
    halo.on("GET /api/authinfo", 200, "{\"auth_url\":\"" + halo.base() + "/gone\"}").tokens("/auth/token", 3600)
        .on("GET /api/Agent/me", r -> "Bearer tok-1".equals(r.getHeaders().get("Authorization")) ? json(401, "")
            : json(200, "{\"id\":3,\"name\":\"a\"}"));

    assertThat(client.session(target(halo)).me().id()).isEqualTo(3);
    assertThat(halo.count("POST /auth/token")).isEqualTo(2);
  }

  @Test
  void authServerOverrideSkipsDiscovery() throws Exception {
    halo.tokens("/custom/token", 3600);
    HaloSession s = client.session(target(halo.endpoint(), null, URI.create(halo.base() + "/custom/"), "client-a", SECRET));

    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(s.endpoints().token()).hasToString(halo.base() + "/custom/token");
    assertThat(halo.count("GET /api/authinfo")).isZero();
  }

  @Test
  void discoveredTokenUrlAnswering404FallsBackToBaseAuth() throws Exception {
    halo.on("GET /api/authinfo", 200, "{\"auth_url\":\"" + halo.base() + "/gone\"}").tokens("/auth/token", 3600);
    HaloSession s = client.session(target(halo));

    assertThat(s.token().value()).isEqualTo("tok-1");
    assertThat(halo.count("POST /gone/token")).isEqualTo(1);
    assertThat(s.endpoints().token()).hasToString(halo.base() + "/auth/token");
  }

  @Test
  void noTokenEndpointAnywhereIsTokenEndpointNotFound() {
    halo.on("GET /api/authinfo", 200, "{\"auth_url\":\"" + halo.base() + "/gone\"}").on("POST /auth/token", 405, "");
    HaloSession s = client.session(target(halo));

    HaloFailure f = failureOf(s::token);

    assertThat(f).isEqualTo(new HaloFailure.TokenEndpointNotFound(URI.create(halo.base() + "/auth/token")));
    assertThat(f.isTransient()).isFalse();
    // the bad discovery is forgotten: the next check asks authinfo again
    failureOf(s::token);
    assertThat(halo.count("GET /api/authinfo")).isEqualTo(2);
  }

  @Test
  void tokenEndpoint404WithOverrideIsTokenEndpointNotFound() {
    HaloSession s = client.session(target(halo.endpoint(), null, URI.create(halo.base() + "/custom"), "client-a", SECRET));

    assertThat(failureOf(s::token)).isEqualTo(new HaloFailure.TokenEndpointNotFound(URI.create(halo.base() + "/custom/token")));
    assertThat(halo.count("POST /auth/token")).isZero();
  }

  // ---- the token request ----

  @Test
  void tokenRequestIsClientCredentialsWithExplicitScopeAndTenant() throws Exception {
    halo.tokens("/auth/token", 3600);
    client.session(target(halo.endpoint(), "acme & co", null, "client-a", SECRET)).token();

    RecordedRequest r = halo.last("POST /auth/token");
    assertThat(r.getUrl().queryParameter("tenant")).isEqualTo("acme & co");
    assertThat(r.getUrl().encodedQuery()).isEqualTo("tenant=acme%20%26%20co");
    assertThat(r.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(r.getHeaders().get("Authorization")).isNull();
    HttpUrl form = HttpUrl.get("http://x/?" + r.getBody().utf8());
    assertThat(form.queryParameter("grant_type")).isEqualTo("client_credentials");
    assertThat(form.queryParameter("client_id")).isEqualTo("client-a");
    assertThat(form.queryParameter("client_secret")).isEqualTo(SECRET);
    assertThat(form.queryParameter("scope")).isEqualTo("admin:webhooks read:tickets edit:tickets read:customers");
  }

  @Test
  void noTenantMeansNoTenantParameter() throws Exception {
    halo.tokens("/auth/token", 3600);
    client.session(target(halo)).token();

    assertThat(halo.last("POST /auth/token").getUrl().encodedQuery()).isNull();
  }

  @Test
  void grantedScopesComeFromTheTokenAnswerWhenPresent() throws Exception {
    halo.on("POST /auth/token", 200, "{\"access_token\":\"t\",\"expires_in\":3600,\"scope\":\"read:tickets edit:tickets\"}");
    AccessToken token = client.session(target(halo)).token();

    assertThat(token.grantedScopes()).contains(Set.of("read:tickets", "edit:tickets"));
    assertThat(token.expiresAt()).isEqualTo(clock.instant().plusSeconds(3600));
    assertThat(token.toString()).doesNotContain("\"t\"").contains("***");
  }

  @Test
  void grantedScopesAreUnknownWhenTheAnswerDoesNotSay() throws Exception {
    halo.tokens("/auth/token", 3600);
    assertThat(client.session(target(halo)).token().grantedScopes()).isEqualTo(Optional.empty());
  }

  @Test
  void wrongSecretIsInvalidClient() {
    halo.on("POST /auth/token", 401, "{\"error\":\"invalid_client\"}");
    HaloFailure f = failureOf(client.session(target(halo))::token);

    assertThat(f).isEqualTo(new HaloFailure.InvalidClient());
    assertThat(f.isTransient()).isFalse();
    assertThat(f.message()).contains("Client ID", "Client Secret", "Tenant", "Resource Server");
  }

  @Test
  void bare401AtTokenIsInvalidClient() {
    halo.on("POST /auth/token", 401, "");
    assertThat(failureOf(client.session(target(halo))::token)).isEqualTo(new HaloFailure.InvalidClient());
  }

  @Test
  void unknownScopeIsInvalidScopeNamingIt() {
    halo.on("POST /auth/token", 400, "{\"error\":\"invalid_scope\",\"error_description\":\"The scope 'admin:webhooks' is not valid\"}");
    HaloFailure f = failureOf(client.session(target(halo))::token);

    assertThat(f).isEqualTo(new HaloFailure.InvalidScope("admin:webhooks"));
    assertThat(f.message()).contains("admin:webhooks");
  }

  @Test
  void invalidScopeWithoutDescriptionNamesNoScope() {
    halo.on("POST /auth/token", 400, "{\"error\":\"invalid_scope\"}");
    assertThat(failureOf(client.session(target(halo))::token)).isEqualTo(new HaloFailure.InvalidScope(null));
  }

  @Test
  void wrongTenantAsInvalidRequestIsInvalidRequest() {
    halo.on("POST /auth/token", 400, "{\"error\":\"invalid_request\",\"error_description\":\"Unknown tenant\"}");
    HaloFailure f = failureOf(client.session(target(halo.endpoint(), "nope", null, "client-a", SECRET))::token);

    assertThat(f).isEqualTo(new HaloFailure.InvalidRequest("Unknown tenant"));
    assertThat(f.isTransient()).isFalse();
  }

  @Test
  void wrongTenantAsInvalidClientIsInvalidClient() {
    halo.on("POST /auth/token", 401, "{\"error\":\"invalid_client\",\"error_description\":\"tenant not found\"}");
    assertThat(failureOf(client.session(target(halo.endpoint(), "nope", null, "client-a", SECRET))::token))
        .isEqualTo(new HaloFailure.InvalidClient());
  }

  @Test
  void invalidClientInA200IsInvalidClient() {
    halo.on("POST /auth/token", 200, "{\"error\":\"invalid_client\"}");
    assertThat(failureOf(client.session(target(halo))::token)).isEqualTo(new HaloFailure.InvalidClient());
  }

  @Test
  void tokenEndpointHtml500IsServerError() {
    halo.on("POST /auth/token", r -> text(500, "text/html", "<html><body>Server Error in '/' Application.</body></html>"));
    HaloFailure f = failureOf(client.session(target(halo))::token);

    assertThat(f).isEqualTo(new HaloFailure.ServerError(500, halo.base() + "/auth/token"));
    assertThat(f.isTransient()).isTrue();
    assertThat(f.message()).doesNotContain("Server Error in");
  }

  @Test
  void tokenAnswerWithoutAccessTokenIsBadResponse() {
    halo.on("POST /auth/token", 200, "{\"token_type\":\"Bearer\",\"expires_in\":3600}");
    assertThat(failureOf(client.session(target(halo))::token)).isInstanceOf(HaloFailure.BadResponse.class);
  }

  @Test
  void rateLimitedTokenCallIsRateLimited() {
    halo.on("POST /auth/token", r -> new MockResponse.Builder().code(429).setHeader("Retry-After", "30").body("Rate Limit Reached").build());
    assertThat(failureOf(client.session(target(halo))::token)).isEqualTo(new HaloFailure.RateLimited(Duration.ofSeconds(30)));
  }

  // ---- the token cache ----

  @Test
  void tokenIsReusedUntilShortlyBeforeExpiry() throws Exception {
    halo.tokens("/auth/token", 3600);
    HaloSession s = client.session(target(halo));

    assertThat(s.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(3600 - 61));
    assertThat(client.session(target(halo)).token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(2)); // inside the last 60 s
    assertThat(s.token().value()).isEqualTo("tok-2");
    assertThat(halo.count("POST /auth/token")).isEqualTo(2);
  }

  @Test
  void shortLivedTokenIsRefreshedTenPercentBeforeExpiry() throws Exception {
    halo.tokens("/auth/token", 100);
    HaloSession s = client.session(target(halo));

    s.token();
    clock.advance(Duration.ofSeconds(89));
    assertThat(s.token().value()).isEqualTo("tok-1");
    clock.advance(Duration.ofSeconds(2));
    assertThat(s.token().value()).isEqualTo("tok-2");
  }

  @Test
  void concurrentCallersMintOnce() throws Exception {
    halo.on("POST /auth/token", r -> new MockResponse.Builder().code(200).headersDelay(300, TimeUnit.MILLISECONDS)
        .body("{\"access_token\":\"shared\",\"expires_in\":3600}").build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> client.session(target(halo)).token()));
      }
      for (Future<AccessToken> f : results) {
        assertThat(f.get(5, TimeUnit.SECONDS).value()).isEqualTo("shared");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(halo.count("POST /auth/token")).isEqualTo(1);
  }

  @Test
  void changedSecretMintsANewToken() throws Exception {
    halo.tokens("/auth/token", 3600);
    client.session(target(halo.endpoint(), null, null, "client-a", "old")).token();
    client.session(target(halo.endpoint(), null, null, "client-a", "old")).token();
    client.session(target(halo.endpoint(), null, null, "client-a", "new")).token();

    assertThat(halo.count("POST /auth/token")).isEqualTo(2);
  }

  @Test
  void failedTokenCallIsNotCached() throws Exception {
    halo.on("POST /auth/token", 503, "");
    HaloSession s = client.session(target(halo));
    failureOf(s::token);

    halo.tokens("/auth/token", 3600);
    assertThat(s.token().value()).isEqualTo("tok-1");
  }

  @Test
  void invalidClientIsRememberedBrieflyForTheSameSecret() throws Exception {
    halo.on("POST /auth/token", 401, "{\"error\":\"invalid_client\"}");
    for (int i = 0; i < 5; i++) {
      assertThat(failureOf(client.session(target(halo))::token)).isEqualTo(new HaloFailure.InvalidClient());
    }
    assertThat(halo.count("POST /auth/token")).isEqualTo(1);

    // a new secret is asked for at once
    halo.tokens("/auth/token", 3600);
    assertThat(client.session(target(halo.endpoint(), null, null, "client-a", "fixed")).token().value()).isEqualTo("tok-1");
    // the old one again after a short while
    clock.advance(TokenCache.REMEMBER_INVALID_CLIENT.plusSeconds(1));
    assertThat(client.session(target(halo)).token().value()).isEqualTo("tok-2");
  }

  @Test
  void requestCountCountsThisSessionsRequests() throws Exception {
    halo.healthy();
    HaloSession s = client.session(target(halo));
    s.me();
    assertThat(s.requestCount()).isEqualTo(3); // authinfo, token, Agent/me
    assertThat(client.session(target(halo)).requestCount()).isZero();
  }

  @Test
  void credentialsNeverShowTheSecret() {
    assertThat(new HaloCredentials("id", SECRET).toString()).doesNotContain(SECRET);
    assertThat(target(halo).toString()).doesNotContain(SECRET);
  }
}
