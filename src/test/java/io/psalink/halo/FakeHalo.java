package io.psalink.halo;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A few lines of Halo for one test: routes by "METHOD /path", records every request, 404 elsewhere. */
final class FakeHalo implements AutoCloseable {

  final MockWebServer server = new MockWebServer();
  final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Function<RecordedRequest, MockResponse>> routes = new ConcurrentHashMap<>();
  private final AtomicInteger minted = new AtomicInteger();

  FakeHalo() {
    server.setDispatcher(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        requests.add(request);
        Function<RecordedRequest, MockResponse> route = routes.get(request.getMethod() + " " + request.getUrl().encodedPath());
        return route != null ? route.apply(request) : json(404, "{\"message\":\"not found\"}");
      }
    });
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Resource Server as an admin would paste it. */
  String base() {
    return "http://127.0.0.1:" + server.getPort();
  }

  HaloEndpoint endpoint() {
    try {
      return HaloEndpoint.parse(base());
    } catch (InvalidEndpointException e) {
      throw new IllegalStateException(e);
    }
  }

  FakeHalo on(String methodAndPath, Function<RecordedRequest, MockResponse> route) {
    routes.put(methodAndPath, route);
    return this;
  }

  FakeHalo on(String methodAndPath, int code, String body) {
    return on(methodAndPath, r -> json(code, body));
  }

  /** A token endpoint at {@code path} that hands out tok-1, tok-2, ... */
  FakeHalo tokens(String path, long expiresIn) {
    return on("POST " + path, r -> json(200,
        "{\"access_token\":\"tok-" + minted.incrementAndGet() + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}"));
  }

  /** Discovery fails, tokens at {base}/auth/token, and the agent is fine: the happy path. */
  FakeHalo healthy() {
    tokens("/auth/token", 3600);
    return on("GET /api/Agent/me", 200, "{\"id\":12,\"name\":\"petra_api\",\"isapiagent\":true,\"isdisabled\":false}");
  }

  long count(String methodAndPath) {
    return requests.stream().filter(r -> (r.getMethod() + " " + r.getUrl().encodedPath()).equals(methodAndPath)).count();
  }

  RecordedRequest last(String methodAndPath) {
    RecordedRequest found = null;
    for (RecordedRequest r : requests) {
      if ((r.getMethod() + " " + r.getUrl().encodedPath()).equals(methodAndPath)) {
        found = r;
      }
    }
    return found;
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
  }

  static MockResponse text(int code, String contentType, String body) {
    return new MockResponse.Builder().code(code).setHeader("Content-Type", contentType).body(body).build();
  }

  @Override
  public void close() {
    server.close();
  }
}
