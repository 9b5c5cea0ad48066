package io.psalink.sandbox.halo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
  @Test
  void hundredsOfSlowRequestsRunSideBySide() {
    try (HaloSimulator halo = HaloSimulator.start()) {
      Instance acme = halo.instance("acme");
      acme.addApplication("id", "secret", Set.of("read:tickets"), acme.addAgent("petra_api"));
      String token = new HaloClient().accessToken(acme, "id", "secret", "read:tickets");
      acme.latency(Duration.ofMillis(1000));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

      long start = System.nanoTime();
      List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        HttpRequest request = HaloClient.authorized(acme.baseUrl() + "/api/Tickets?count=1", token).GET().build();
        answers.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
      }
      CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(answers).allSatisfy(a -> assertThat(a.join().statusCode()).isEqualTo(200));
      // serialised they would take 400 s; opening 400 connections on a small machine takes about a second
      assertThat(elapsed).isBetween(Duration.ofMillis(1000), Duration.ofMillis(8000));
    }
  }
}
