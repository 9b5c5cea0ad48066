package io.psalink.sandbox.halo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** One HTTP exchange below an instance prefix: the parsed request and the ways to answer it. */
final class Call {
  private static final int MAX_BODY = 8 * 1024 * 1024;
  private static final Set<String> SECRET_PARAMETERS =
      Set.of("client_secret", "access_token", "token", "password", "basic_password", "secret");

  private final HttpExchange exchange;
  private final String method;
  private final String path;
  private final List<String> segments;
  private final String rawQuery;
  private final Map<String, String> query;
  private final boolean authHost;
  private final Consumer<Call> recorder;
  private byte[] body;
  private int status = RecordedRequest.NO_RESPONSE;
  private boolean recorded;
  private boolean dropAnswer;

  /** {@code recorder} runs once, just before the answer (or the closed connection) reaches the client. */
  Call(HttpExchange exchange, String path, boolean authHost, Consumer<Call> recorder) {
    this.exchange = exchange;
    this.recorder = recorder;
    this.method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    this.path = path;
    this.authHost = authHost;
    this.segments = segmentsOf(path);
    this.rawQuery = exchange.getRequestURI().getRawQuery();
    this.query = parseForm(rawQuery);
  }

  String method() { return method; }
  /** The path below the instance prefix, as sent. */
  String path() { return path; }
  /** Lower-cased path segments: Halo's routing ignores case. */
  List<String> segments() { return segments; }
  boolean onAuthHost() { return authHost; }
  int status() { return status; }

  /** A query parameter by case-insensitive name, or null. */
  String query(String name) {
    return query.get(name.toLowerCase(Locale.ROOT));
  }

  /** The query with credential-like values replaced, safe to record. */
  String redactedQuery() {
    if (rawQuery == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      parts.add(SECRET_PARAMETERS.contains(name) ? pair.substring(0, Math.max(eq, 0)) + "=REDACTED" : pair);
    }
    return String.join("&", parts);
  }

  String header(String name) {
    return exchange.getRequestHeaders().getFirst(name);
  }

  /** The bearer token, or null when the request carries none. */
  String bearerToken() {
    String authorization = header("Authorization");
    if (authorization == null || authorization.length() < 7
        || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = authorization.substring(7).trim();
    return token.isEmpty() ? null : token;
  }

  /** Reads the whole request body; done up front so keep-alive connections stay usable. */
  byte[] body() throws IOException {
    if (body == null) {
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(MAX_BODY);
      }
    }
    return body;
  }

  Map<String, String> formBody() throws IOException {
    return parseForm(new String(body(), StandardCharsets.UTF_8));
  }

  void json(int status, Object value) throws IOException {
    byte[] bytes;
    try {
      bytes = Json.MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IOException("cannot serialise response", e);
    }
    send(status, "application/json; charset=utf-8", bytes);
  }

  void error(int status, String error, String description) throws IOException {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("error", error);
    if (description != null) {
      body.put("error_description", description);
    }
    json(status, body);
  }

  void text(int status, String text) throws IOException {
    send(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  void empty(int status) throws IOException {
    send(status, null, new byte[0]);
  }

  void setHeader(String name, String value) {
    exchange.getResponseHeaders().set(name, value);
  }

  /** The answer, once made, is not sent: the connection closes instead (the work is done all the same). */
  void dropAnswer() {
    this.dropAnswer = true;
  }

  void send(int status, String contentType, byte[] bytes) throws IOException {
    if (dropAnswer) {
      this.status = status;
      record();
      exchange.close();
      return;
    }
    if (contentType != null) {
      exchange.getResponseHeaders().set("Content-Type", contentType);
    }
    this.status = status;
    record();
    // -1 means "no body" to HttpExchange; 0 would mean chunked
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    exchange.close();
  }

  /** Closes the connection without a response: HttpExchange does so when closed before sending headers. */
  void drop() {
    this.status = RecordedRequest.NO_RESPONSE;
    record();
    exchange.close();
  }

  /** Announces twice the partial body's length, sends the partial body, then closes the connection. */
  void reset(int status, String contentType, byte[] partial) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    this.status = status;
    record();
    exchange.sendResponseHeaders(status, partial.length * 2L);
    OutputStream out = exchange.getResponseBody();
    out.write(partial);
    out.flush();
    // closing with bytes missing makes the server close the connection
    exchange.close();
  }

  /** Hands the call to the request log once; before any I/O, so a client never sees an answer the log lacks. */
  void record() {
    if (!recorded) {
      recorded = true;
      recorder.accept(this);
    }
  }

  private static List<String> segmentsOf(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return List.of();
    }
    return Collections.unmodifiableList(
        Arrays.asList(trimmed.toLowerCase(Locale.ROOT).split("/", -1)));
  }

  private static Map<String, String> parseForm(String raw) {
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return values;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq)).toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      values.putIfAbsent(name, value);
    }
    return values;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }
}
