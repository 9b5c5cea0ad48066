package io.psalink.sandbox.halo;

import static io.psalink.sandbox.halo.HaloClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rate limits, latency, injected faults, an instance that is down, the request log and shutdown. */
class ReliabilityTest {
  private static final String SCOPE = String.join(" ", Scopes.OPERATOR_PERMISSIONS);

  private HaloSimulator halo;
  private Instance acme;
  private String token;
  private final HaloClient client = new HaloClient();

  @BeforeEach
  void startHalo() {
    halo = HaloSimulator.start();
    acme = halo.instance("acme");
    acme.addApplication("id", "secret", Set.copyOf(Scopes.OPERATOR_PERMISSIONS), acme.addAgent("petra_api"));
    token = client.accessToken(acme, "id", "secret", SCOPE);
  }

  @AfterEach
  void stopHalo() {
    halo.close();
  }

  private String tickets() {
    return acme.baseUrl() + "/api/Tickets?count=1";
  }

  // ---- rate limit

  @Test
  void overTheLimitIs429WithRetryAfterAndTheWindowRolls() throws InterruptedException {
    acme.rateLimit(3, Duration.ofSeconds(1), true);

    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
    long firstAnswered = System.nanoTime();
    Thread.sleep(500);
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = client.get(tickets(), token);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.body()).isEqualTo("Rate Limit Reached - 3 Requests per rolling 0.017 minute window");
    assertThat(limited.headers().firstValue("Retry-After")).hasValue("1");

    Thread.sleep(Math.max(0, 1050 - (System.nanoTime() - firstAnswered) / 1_000_000));
    assertThat(client.get(tickets(), token).statusCode()).as("the first request aged out").isEqualTo(200);
    assertThat(client.get(tickets(), token).statusCode()).as("the later two are still inside").isEqualTo(429);
  }

  @Test
  void retryAfterIsTheTimeUntilASlotFrees() {
    acme.rateLimit(1, Duration.ofMinutes(5), true);

    client.get(tickets(), token);
    HttpResponse<String> limited = client.get(tickets(), token);

    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(298L, 300L);
  }

  @Test
  void tokenCallsCountAndRetryAfterCanBeLeftOut() {
    acme.rateLimit(2, Duration.ofMinutes(5), false);

    assertThat(client.token(acme.tokenUrl(), "id", "secret", SCOPE).statusCode()).isEqualTo(200);
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
    HttpResponse<String> limitedToken = client.token(acme.tokenUrl(), "id", "secret", SCOPE);
    HttpResponse<String> limitedApi = client.get(tickets(), token);

    assertThat(limitedToken.statusCode()).isEqualTo(429);
    assertThat(limitedApi.statusCode()).isEqualTo(429);
    assertThat(limitedApi.body()).isEqualTo("Rate Limit Reached - 2 Requests per rolling 5 minute window");
    assertThat(limitedApi.headers().firstValue("Retry-After")).isEmpty();

    acme.noRateLimit();
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
  }

  // ---- latency

  @Test
  void latencyDelaysEveryResponseWithoutSerialisingThem() throws Exception {
    acme.latency(Duration.ofMillis(300));
    ExecutorService pool = Executors.newFixedThreadPool(50);
    try {
      long start = System.nanoTime();
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        answers.add(pool.submit(() -> client.get(tickets(), token).statusCode()));
      }
      for (Future<Integer> answer : answers) {
        assertThat(answer.get()).isEqualTo(200);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      assertThat(elapsed).as("serialised it would take 15 s").isBetween(Duration.ofMillis(300), Duration.ofMillis(5000));
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- faults

  @Test
  void statusFaultAnswersForItsCountThenNormalService() {
    Fault fault = acme.fault(Fault.when("GET", "/api/tickets").times(2)
        .status(500, "text/html", "<html><body>Server Error</body></html>"));

    HttpResponse<String> first = client.get(tickets(), token);
    assertThat(first.statusCode()).isEqualTo(500);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html");
    assertThat(first.body()).contains("Server Error");
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(500);
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
    assertThat(fault.hits()).isEqualTo(2);
  }

  @Test
  void statusFaultCanFakeSuccessWithAnErrorOrBrokenBody() {
    acme.fault(Fault.when("POST", "/auth/token").status(500, "text/html", "<html>not Halo</html>"));
    acme.fault(Fault.when("GET", "/api/Agent/me").status(200, "text/html", "<html>Error</html>"));
    acme.fault(Fault.when("GET", "/api/Webhook").status(200, "application/json", "{\"error\":\"Something went wrong\"}"));
    acme.fault(Fault.when("GET", "/api/Tickets").status(200, "application/json", "{\"record_count\": 2, \"tickets\": ["));

    assertThat(client.token(acme.tokenUrl(), "id", "secret", SCOPE).statusCode()).isEqualTo(500);
    assertThat(client.get(acme.baseUrl() + "/api/Agent/me", token).body()).isEqualTo("<html>Error</html>");
    assertThat(json(client.get(acme.baseUrl() + "/api/Webhook", token)).get("error").asText()).isNotBlank();
    assertThat(client.get(tickets(), token).body()).isEqualTo("{\"record_count\": 2, \"tickets\": [");
  }

  @Test
  void delayFaultOutlastsAClientTimeoutThenNormalService() throws Exception {
    acme.fault(Fault.when("GET", "/api/Tickets").delay(Duration.ofMillis(1500)));
    HttpRequest request = HaloClient.authorized(tickets(), token).timeout(Duration.ofMillis(300)).GET().build();

    assertThatThrownBy(() -> client.sendRaw(request)).isInstanceOf(HttpTimeoutException.class);
    assertThat(client.sendRaw(request).statusCode()).isEqualTo(200);
  }

  @Test
  void delayFaultStillGivesTheNormalAnswer() {
    acme.fault(Fault.when("GET", "/api/Tickets").delay(Duration.ofMillis(200)));

    long start = System.nanoTime();
    HttpResponse<String> response = client.get(tickets(), token);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void delayThenStatusPlaysAGatewayTimeout() {
    acme.fault(Fault.when(t -> t.path().endsWith("Tickets"))
        .delayThenStatus(Duration.ofMillis(200), 504, "text/html", "<html>504 Gateway Time-out</html>"));

    long start = System.nanoTime();
    HttpResponse<String> response = client.get(tickets(), token);

    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }

  @Test
  void resetBreaksTheBodyMidway() {
    acme.fault(Fault.when("GET", "/api/Tickets").reset());

    assertThatThrownBy(() -> client.sendRaw(HaloClient.authorized(tickets(), token).GET().build()))
        .isInstanceOf(IOException.class);
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
  }

  @Test
  void dropClosesWithoutAnswer() {
    acme.fault(Fault.when("*", ".*").times(5).drop());

    assertThatThrownBy(() -> client.sendRaw(HaloClient.authorized(tickets(), token).GET().build()))
        .isInstanceOf(IOException.class);
    assertThat(acme.requests()).anyMatch(r -> r.status() == RecordedRequest.NO_RESPONSE);
  }

  @Test
  void foreverFaultKeepsHitting() {
    acme.fault(Fault.when("GET", "/api/Tickets").forever().status(503, "text/plain", "busy"));

    for (int i = 0; i < 5; i++) {
      assertThat(client.get(tickets(), token).statusCode()).isEqualTo(503);
    }
    acme.clearFaults();
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
  }

  @Test
  void downInstanceClosesEveryConnectionWhileOthersServe() throws Exception {
    Instance globex = halo.instance("globex");
    acme.down(true);

    assertThatThrownBy(() -> client.sendRaw(HaloClient.authorized(tickets(), token).GET().build()))
        .isInstanceOf(IOException.class);
    assertThat(client.get(globex.baseUrl() + "/api/authinfo", null).statusCode()).isEqualTo(200);

    acme.down(false);
    assertThat(client.get(tickets(), token).statusCode()).isEqualTo(200);
  }

  // ---- request log

  @Test
  void requestLogCountsWithoutKeepingSecrets() {
    acme.resetRequests();
    client.get(tickets(), token);
    client.get(acme.baseUrl() + "/api/tickets/1", token);
    client.get(acme.baseUrl() + "/api/Agent/me", null);
    client.token(acme.tokenUrl() + "?tenant=x&client_secret=oops", "id", "secret", SCOPE);

    assertThat(acme.count("GET", "/api/tickets.*")).isEqualTo(2);
    assertThat(acme.count(null, ".*")).isEqualTo(4);
    assertThat(acme.tokenRequests()).isEqualTo(1);
    List<RecordedRequest> log = acme.requests();
    assertThat(log).extracting(RecordedRequest::status).containsExactly(200, 200, 401, 200);
    assertThat(log).extracting(RecordedRequest::bearer).containsExactly(true, true, false, false);
    assertThat(log.get(0).query()).isEqualTo("count=1");
    assertThat(log.get(0).instance()).isEqualTo("acme");
    assertThat(log.get(3).query()).isEqualTo("tenant=x&client_secret=REDACTED");
    assertThat(log.toString()).doesNotContain("secret&").doesNotContain("oops").doesNotContain(token);

    acme.resetRequests();
    assertThat(acme.requests()).isEmpty();
  }

  @Test
  void maxRequestsInWindowFindsTheBusiestSpan() throws InterruptedException {
    acme.resetRequests();
    for (int i = 0; i < 3; i++) {
      client.get(tickets(), token);
    }
    Thread.sleep(400);
    client.get(tickets(), token);

    assertThat(acme.maxRequestsInWindow(Duration.ofMillis(300))).isEqualTo(3);
    assertThat(acme.maxRequestsInWindow(Duration.ofSeconds(5))).isEqualTo(4);
  }

  @Test
  void closeIsQuickEvenWithARequestInFlight() throws Exception {
    acme.latency(Duration.ofSeconds(30));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<?> inFlight = pool.submit(() -> client.sendRaw(HaloClient.authorized(tickets(), token).GET().build()));
      Thread.sleep(100);

      long start = System.nanoTime();
      halo.close();

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThatThrownBy(inFlight::get).hasCauseInstanceOf(IOException.class);
    } finally {
      pool.shutdownNow();
    }
  }
}
