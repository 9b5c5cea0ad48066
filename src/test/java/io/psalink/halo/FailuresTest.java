package io.psalink.halo;

import static io.psalink.halo.Failed.failureOf;
import static io.psalink.halo.FakeHalo.json;
import static io.psalink.halo.FakeHalo.text;
import static io.psalink.halo.Targets.SECRET;
import static io.psalink.halo.Targets.fastHttp;
import static io.psalink.halo.Targets.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailuresTest {

  final FakeHalo halo = new FakeHalo().healthy();
  final MutableClock clock = new MutableClock();
  HaloClient client = new HaloClient(fastHttp(), clock);

  @AfterEach
  void close() {
    client.close();
    halo.close();
  }


  HaloSession session() {
    return client.session(target(halo));
  }

  // ---- status codes ----

  @Test
  void retryAfterSecondsAndDate() {
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().code(429).setHeader("Retry-After", "120")
        .body("Rate Limit Reached - 500 Requests per rolling 5 minute window").build());
    assertThat(failureOf(session()::me)).isEqualTo(new HaloFailure.RateLimited(Duration.ofSeconds(120)));

    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().plusSeconds(90).atOffset(ZoneOffset.UTC));
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().code(429).setHeader("Retry-After", date).build());
    assertThat(failureOf(session()::me)).isEqualTo(new HaloFailure.RateLimited(Duration.ofSeconds(90)));
  }

  @Test
  void retryAfterInThePastIsZero() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(clock.instant().minusSeconds(90).atOffset(ZoneOffset.UTC));
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().code(429).setHeader("Retry-After", date).build());
    assertThat(failureOf(session()::me)).isEqualTo(new HaloFailure.RateLimited(Duration.ZERO));
  }

  @Test
  void rateLimitWithoutRetryAfterHasNoDuration() {
    halo.on("GET /api/Agent/me", 429, "Rate Limit Reached");
    HaloFailure f = failureOf(session()::me);

    assertThat(f).isEqualTo(new HaloFailure.RateLimited(null));
    assertThat(f.isTransient()).isTrue();
    assertThat(f.message()).doesNotContain("Rate Limit Reached");
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503, 504})
  void serverErrorsAreTransientServerErrors(int status) {
    halo.on("GET /api/Agent/me", r -> text(status, "text/html", "<html>Gateway Timeout</html>"));
    HaloFailure f = failureOf(session()::me);

    assertThat(f).isEqualTo(new HaloFailure.ServerError(status, "/api/Agent/me"));
    assertThat(f.isTransient()).isTrue();
  }

  @Test
  void forbiddenOutsideAProbeIsForbidden() {
    halo.on("GET /api/Webhook", 403, "");
    HaloFailure f = failureOf(session()::webhooks);

    assertThat(f).isEqualTo(new HaloFailure.Forbidden("/api/Webhook"));
    assertThat(f.isTransient()).isFalse();
  }

  @Test
  void rejectedRequestIsABadResponseThatRetryingWillNotFix() {
    halo.on("POST /api/Webhook", 400, "{\"message\":\"url is invalid\"}");
    HaloFailure f = failureOf(() -> session().saveWebhook(HaloWebhook.create("a", "https://p.example", java.util.List.of(1))));

    assertThat(f).isInstanceOf(HaloFailure.BadResponse.class);
    assertThat(((HaloFailure.BadResponse) f).status()).isEqualTo(400);
    assertThat(f.isTransient()).isFalse();
  }

  @Test
  void htmlWith200IsBadResponse() {
    halo.on("GET /api/Agent/me", r -> text(200, "text/html; charset=utf-8", "<html><body>Please sign in</body></html>"));
    HaloFailure f = failureOf(session()::me);

    assertThat(f).isEqualTo(new HaloFailure.BadResponse(200, "/api/Agent/me", "an HTML page instead of JSON"));
    assertThat(f.isTransient()).isTrue();
    assertThat(f.message()).doesNotContain("sign in");
  }

  @Test
  void htmlWithAJsonContentTypeIsStillBadResponse() {
    halo.on("GET /api/Agent/me", r -> text(200, "application/json", "  <!DOCTYPE html><html></html>"));
    assertThat(failureOf(session()::me)).isInstanceOf(HaloFailure.BadResponse.class);
  }

  @Test
  void malformedJsonWith200IsBadResponse() {
    halo.on("GET /api/Agent/me", 200, "{\"id\":12,\"name\":");
    assertThat(failureOf(session()::me)).isEqualTo(new HaloFailure.BadResponse(200, "/api/Agent/me", "malformed JSON"));
  }

  @Test
  void errorFieldIn200IsBadResponse() {
    halo.on("GET /api/Agent/me", 200, "{\"error\":\"Something went wrong\"}");
    HaloFailure f = failureOf(session()::me);

    assertThat(f).isInstanceOf(HaloFailure.BadResponse.class);
    assertThat(f.message()).contains("Something went wrong");
  }

  @Test
  void secretEchoedInErrorBodyNeverInMessage() {
    String encoded = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    halo.on("POST /auth/token", 400, "{\"error\":\"invalid_request\",\"error_description\":\"client_secret=" + encoded
        + " raw " + SECRET + " is not valid for tenant\"}");
    HaloException e = Failed.exception(session()::token);

    assertThat(e.failure()).isInstanceOf(HaloFailure.InvalidRequest.class);
    assertThat(e.getMessage()).doesNotContain(SECRET, encoded).contains("***", "is not valid for tenant");
    assertThat(e.failure().toString()).doesNotContain(SECRET, encoded);
  }

  @Test
  void secretAndTokenEchoedInA200ErrorNeverInMessage() {
    halo.on("GET /api/Agent/me", 200, "{\"error\":\"token tok-1 for secret " + SECRET.replace("/", "\\/") + " expired\"}");
    HaloException e = Failed.exception(session()::me);

    assertThat(e.getMessage()).doesNotContain(SECRET, "tok-1").contains("***");
  }

  @Test
  void invalidScopeNeverEchoesTheSecret() {
    halo.on("POST /auth/token", 400, "{\"error\":\"invalid_scope\",\"error_description\":\"'" + SECRET + "' is not a scope\"}");
    assertThat(Failed.exception(session()::token).getMessage()).doesNotContain(SECRET);
  }

  // ---- transport ----

  @Test
  void connectionRefusedIsUnreachable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    HaloSession s = client.session(target(HaloEndpoint.parse("http://127.0.0.1:" + port), null, null, "c", SECRET));
    HaloException e = Failed.exception(s::token);

    assertThat(e.failure()).isEqualTo(new HaloFailure.Unreachable("the connection was refused"));
    assertThat(e.failure().isTransient()).isTrue();
  }

  @Test
  void unknownHostIsUnreachable() throws Exception {
    OkHttpClient noDns = fastHttp().newBuilder().dns(host -> {
      throw new UnknownHostException(host);
    }).build();
    client = new HaloClient(noDns, clock);
    HaloSession s = client.session(target(HaloEndpoint.parse("https://nowhere.example"), null, null, "c", SECRET));

    assertThat(failureOf(s::token)).isEqualTo(new HaloFailure.Unreachable("the host name could not be resolved"));
  }

  @Test
  void resetMidBodyIsUnreachable() {
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().code(200).setHeader("Content-Type", "application/json")
        .body("{\"id\":12,\"name\":\"" + "x".repeat(64 * 1024) + "\"}")
        .throttleBody(1024, 10, TimeUnit.MILLISECONDS)
        .onResponseBody(new SocketEffect.CloseSocket(true, true, true)).build());

    assertThat(failureOf(session()::me)).isEqualTo(new HaloFailure.Unreachable("the connection closed before the answer was complete"));
  }

  @Test
  void disconnectBeforeAnswerIsUnreachable() {
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
    assertThat(failureOf(session()::me)).isInstanceOf(HaloFailure.Unreachable.class);
  }

  @Test
  void readTimeoutIsTimeout() {
    client = new HaloClient(fastHttp().newBuilder().readTimeout(Duration.ofMillis(200)).build(), clock);
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("{}").build());

    HaloFailure f = failureOf(session()::me);

    assertThat(f).isEqualTo(new HaloFailure.Timeout("read"));
    assertThat(f.isTransient()).isTrue();
  }

  @Test
  void callTimeoutIsTimeout() {
    client = new HaloClient(fastHttp().newBuilder().callTimeout(Duration.ofMillis(300)).build(), clock);
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().body("{\"id\":1}").throttleBody(1, 200, TimeUnit.MILLISECONDS).build());

    assertThat(failureOf(session()::me)).isEqualTo(new HaloFailure.Timeout("call"));
  }

  @Test
  void transportFailureMessagesAreForAnAdmin() {
    halo.on("GET /api/Agent/me", r -> new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket(true, true, true)).build());
    HaloException e = Failed.exception(session()::me);

    assertThat(e.getMessage()).startsWith("Halo could not be reached").doesNotContain(SECRET, "tok-1", "Exception");
  }

  @Test
  void allFailureMessagesAreOneSentenceWithoutSecrets() {
    java.util.List<HaloFailure> all = java.util.List.of(
        new HaloFailure.Unreachable("the connection was refused"), new HaloFailure.Timeout("read"),
        new HaloFailure.TlsUntrusted("the certificate does not match the host name"),
        new HaloFailure.TokenEndpointNotFound(java.net.URI.create("https://h.example/auth/token")), new HaloFailure.InvalidClient(),
        new HaloFailure.InvalidScope("admin:webhooks"), new HaloFailure.InvalidScope(null), new HaloFailure.InvalidRequest("Unknown tenant"),
        new HaloFailure.Unauthorized("/api/Agent/me"), new HaloFailure.Forbidden("/api/Webhook"), new HaloFailure.NotFound("/api/Item"),
        new HaloFailure.RateLimited(Duration.ofSeconds(30)), new HaloFailure.RateLimited(null), new HaloFailure.ServerError(504, "/api/Tickets"),
        new HaloFailure.BadResponse(200, "/api/Tickets", "an HTML page instead of JSON"));
    assertThat(all).allSatisfy(f -> assertThat(f.message()).endsWith(".").doesNotContain("\n").doesNotContain("null"));
  }
}
