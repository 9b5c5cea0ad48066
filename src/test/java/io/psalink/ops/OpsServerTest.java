package io.psalink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {
  final AtomicBoolean live = new AtomicBoolean(true);
  final AtomicBoolean ready = new AtomicBoolean(false);
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  OpsServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        OpsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), live::get, ready::get, registry);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void healthzFollowsLiveness() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    live.set(false);
    assertThat(get("/healthz").statusCode()).isEqualTo(503);
  }

  @Test
  void readyzFollowsReadinessIndependentlyOfLiveness() throws Exception {
    assertThat(get("/readyz").statusCode()).isEqualTo(503);
    ready.set(true);
    HttpResponse<String> response = get("/readyz");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("ok\n");
  }

  @Test
  void metricsServesPrometheusText() throws Exception {
    Counter.builder("halo.api.requests")
        .tags("endpoint", "tickets", "method", "GET", "status", "200")
        .register(registry)
        .increment(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(OpsServer.PROMETHEUS_TEXT);
    assertThat(response.body())
        .contains("# TYPE halo_api_requests_total counter")
        .contains("halo_api_requests_total{endpoint=\"tickets\",method=\"GET\",status=\"200\"} 3.0");
  }

  @Test
  void aThrowingCheckCountsAsFailing() throws Exception {
    try (OpsServer failing =
        OpsServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            () -> {
              throw new IllegalStateException("operator not built yet");
            },
            () -> true,
            registry)) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + failing.port() + "/healthz")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
    }
  }

  @Test
  void unknownPathsAndMethodsAreRefused() throws Exception {
    assertThat(get("/").statusCode()).isEqualTo(404);
    assertThat(get("/metrics/extra").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(uri("/healthz")).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    HttpResponse<String> head =
        http.send(
            HttpRequest.newBuilder(uri("/healthz")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(head.statusCode()).isEqualTo(200);
  }

  @Test
  void portZeroPicksAFreePort() {
    assertThat(server.port()).isPositive();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }
}
