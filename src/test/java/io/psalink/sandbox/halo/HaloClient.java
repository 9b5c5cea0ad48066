package io.psalink.sandbox.halo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A deliberately plain JDK HttpClient wrapper for driving the simulator in tests. */
final class HaloClient {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;

  HaloClient() {
    this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
  }

  HaloClient(HttpClient http) {
    this.http = http;
  }

  HttpResponse<String> token(String tokenUrl, String clientId, String clientSecret, String scope) {
    StringBuilder form = new StringBuilder("grant_type=client_credentials")
        .append("&client_id=").append(encode(clientId))
        .append("&client_secret=").append(encode(clientSecret));
    if (scope != null) {
      form.append("&scope=").append(encode(scope));
    }
    return send(HttpRequest.newBuilder(URI.create(tokenUrl))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
  }

  /** A token from a call that must succeed. */
  String accessToken(Instance instance, String clientId, String clientSecret, String scope) {
    HttpResponse<String> response = token(instance.tokenUrl(), clientId, clientSecret, scope);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response).get("access_token").asText();
  }

  HttpResponse<String> get(String url, String token) {
    return send(authorized(url, token).GET());
  }

  HttpResponse<String> post(String url, String token, String jsonBody) {
    return send(authorized(url, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
  }

  HttpResponse<String> delete(String url, String token) {
    return send(authorized(url, token).DELETE());
  }

  /** Sends and lets IOExceptions through, for tests of broken connections. */
  HttpResponse<String> sendRaw(HttpRequest request) throws IOException, InterruptedException {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  static HttpRequest.Builder authorized(String url, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
