package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP access to the fabric8 CRUD mock behind the front. */
final class MockBackend {

  record Response(int status, byte[] body) {}

  private final URI base;
  private final ObjectMapper mapper;
  private final HttpClient http;

  MockBackend(URI base, ObjectMapper mapper) {
    this.base = base;
    this.mapper = mapper;
    this.http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  HttpClient http() {
    return http;
  }

  URI websocketUri(String pathAndQuery) {
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + pathAndQuery);
  }

  Response send(String method, String pathAndQuery, String contentType, byte[] body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json");
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null || body.length == 0
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The JSON at {@code path}, or {@code null} when the mock answers 404. */
  JsonNode getJson(String path) {
    Response r = send("GET", path, null, null);
    if (r.status() == 404) {
      return null;
    }
    if (r.status() >= 300) {
      throw new IllegalStateException("mock answered " + r.status() + " for GET " + path);
    }
    try {
      return mapper.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
