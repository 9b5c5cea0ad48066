package io.psalink.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HaloCallMetricsTest {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final OkHttpClient client =
      new OkHttpClient.Builder()
          .addInterceptor(new HaloCallMetrics(registry))
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  final MockWebServer halo = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    halo.start();
  }

  @AfterEach
  void stop() {
    halo.close();
  }

  @Test
  void countsCallsByEndpointMethodAndStatus() throws IOException {
    halo.enqueue(new MockResponse.Builder().code(200).body("{\"id\":12}").build());
    halo.enqueue(new MockResponse.Builder().code(200).body("{\"id\":12}").build());
    halo.enqueue(new MockResponse.Builder().code(403).build());
    halo.enqueue(new MockResponse.Builder().code(200).body("[]").build());

    call("GET", "/api/Agent/me");
    call("GET", "/api/agent/me");
    call("GET", "/api/Tickets?count=1&pageinate=true");
    call("DELETE", "/api/Webhook/5f0c2f7e-7b9e-4b8a-9d1c-2a3b4c5d6e7f");

    assertThat(count("agent/me", "GET", "200")).isEqualTo(2.0);
    assertThat(count("tickets", "GET", "403")).isEqualTo(1.0);
    assertThat(count("webhook/{id}", "DELETE", "200")).isEqualTo(1.0);
    Timer latency = registry.find(HaloCallMetrics.DURATION).tags("endpoint", "tickets", "status", "403").timer();
    assertThat(latency).isNotNull();
    assertThat(latency.count()).isEqualTo(1);
    assertThat(registry.scrape())
        .contains("halo_api_requests_total{endpoint=\"agent/me\",method=\"GET\",status=\"200\"} 2.0")
        .contains("halo_api_request_duration_seconds_count{endpoint=\"tickets\",method=\"GET\",status=\"403\"} 1");
  }

  @Test
  void theTokenCallIsTaggedWithoutTenantOrCredentials() throws IOException {
    halo.enqueue(new MockResponse.Builder().code(401).body("{\"error\":\"invalid_client\"}").build());
    RequestBody form =
        RequestBody.create(
            "grant_type=client_credentials&client_id=my-id&client_secret=s3cr3t-value&scope=all",
            okhttp3.MediaType.get("application/x-www-form-urlencoded"));
    try (Response response =
        client.newCall(new Request.Builder().url(halo.url("/auth/token?tenant=acme")).post(form).build()).execute()) {
      assertThat(response.code()).isEqualTo(401);
    }

    assertThat(count("token", "POST", "401")).isEqualTo(1.0);
    for (Meter meter : registry.getMeters()) {
      for (Tag tag : meter.getId().getTags()) {
        assertThat(tag.getValue())
            .doesNotContain("acme", "s3cr3t", "my-id", "127.0.0.1", "localhost", halo.getHostName(), "?");
      }
    }
  }

  @Test
  void aCallWithoutResponseCountsAsIoError() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    HttpUrl url = HttpUrl.get("http://127.0.0.1:" + closedPort + "/api/authinfo");

    assertThatThrownBy(() -> client.newCall(new Request.Builder().url(url).build()).execute())
        .isInstanceOf(IOException.class);

    assertThat(count("authinfo", "GET", HaloCallMetrics.IO_ERROR)).isEqualTo(1.0);
  }

  @Test
  void endpointsAreNormalisedToTheApiPathWithIdsReplaced() {
    assertThat(endpoint("https://acme.halopsa.com/api/Tickets?count=1")).isEqualTo("tickets");
    assertThat(endpoint("https://acme.halopsa.com/api/Agent/me")).isEqualTo("agent/me");
    assertThat(endpoint("https://acme.halopsa.com/api/webhook")).isEqualTo("webhook");
    assertThat(endpoint("https://acme.halopsa.com/api/Webhook/42")).isEqualTo("webhook/{id}");
    assertThat(endpoint("https://acme.halopsa.com/api/webhook/5f0c2f7e-7b9e-4b8a-9d1c-2a3b4c5d6e7f"))
        .isEqualTo("webhook/{id}");
    assertThat(endpoint("https://acme.halopsa.com/api/authinfo")).isEqualTo("authinfo");
    assertThat(endpoint("https://halo.example.org/halo/api/Items/7/")).isEqualTo("items/{id}");
    assertThat(endpoint("https://acme.halopsa.com/auth/token?tenant=acme")).isEqualTo("token");
    assertThat(endpoint("https://auth.example.org/token")).isEqualTo("token");
    assertThat(endpoint("https://acme.halopsa.com/api/")).isEqualTo("root");
    assertThat(endpoint("https://acme.halopsa.com/somewhere/else")).isEqualTo("other");
    assertThat(endpoint("https://acme.halopsa.com/api/a/b/c/d/e")).isEqualTo("a/b/c");
    assertThat(endpoint("https://acme.halopsa.com/api/Tickets/abc%20def")).isEqualTo("tickets/{id}");
  }

  private void call(String method, String path) throws IOException {
    Request.Builder request = new Request.Builder().url(halo.url(path));
    if (method.equals("DELETE")) {
      request.delete();
    }
    try (Response response = client.newCall(request.build()).execute()) {
      response.body().string();
    }
  }

  private double count(String endpoint, String method, String status) {
    Counter counter =
        registry.find(HaloCallMetrics.REQUESTS).tags("endpoint", endpoint, "method", method, "status", status).counter();
    return counter == null ? 0 : counter.count();
  }

  private static String endpoint(String url) {
    return HaloCallMetrics.endpoint(HttpUrl.get(url));
  }
}
