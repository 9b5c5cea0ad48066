package io.psalink.halo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import okhttp3.Headers;
import okhttp3.Response;
import okio.BufferedSource;

/** A whole HTTP answer, read before the connection is released. */
record Answer(int status, Headers headers, String contentType, byte[] body, String endpoint, List<String> hidden) {

  static final long MAX_BODY = 32L * 1024 * 1024;

  /** {@code hidden}: secrets of the request (client secret, bearer token) that must never be echoed. */
  static Answer read(Response response, String endpoint, List<String> hidden) throws IOException, HaloException {
    BufferedSource source = response.body().source();
    if (source.request(MAX_BODY + 1)) {
      throw new HaloException(new HaloFailure.BadResponse(response.code(), endpoint, "an answer larger than " + MAX_BODY / 1024 / 1024 + " MB"));
    }
    byte[] bytes = source.readByteArray();
    String type = response.header("Content-Type");
    return new Answer(response.code(), response.headers(), type == null ? "" : type.toLowerCase(Locale.ROOT), bytes, endpoint, hidden);
  }

  boolean ok() {
    return status >= 200 && status < 300;
  }

  boolean isEmpty() {
    return text().isBlank();
  }

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  boolean looksLikeHtml() {
    return contentType.contains("html") || text().stripLeading().startsWith("<");
  }

  /** The body as JSON, or null when it is empty, HTML or not JSON. */
  JsonNode jsonOrNull() {
    if (isEmpty() || looksLikeHtml()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * The JSON of a 2xx answer; HTML, malformed JSON, or an object carrying {@code error} is a
   * {@link HaloFailure.BadResponse}, whose detail echoes at most the redacted {@code error} text.
   */
  JsonNode json(String... moreSecrets) throws HaloException {
    if (isEmpty()) {
      throw bad("an empty answer instead of JSON");
    }
    if (looksLikeHtml()) {
      throw bad("an HTML page instead of JSON");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw bad("malformed JSON");
    } catch (IOException e) {
      throw bad("malformed JSON");
    }
    if (node == null || node.isMissingNode()) {
      throw bad("an empty answer instead of JSON");
    }
    JsonNode error = node.isObject() ? node.get("error") : null;
    if (Json.isSet(error)) {
      List<String> secrets = new ArrayList<>(hidden);
      secrets.addAll(Arrays.asList(moreSecrets));
      String text = error.isTextual() ? Redact.echo(error.asText(), secrets.toArray(String[]::new)) : null;
      throw bad(text == null || text.isEmpty() ? "an error instead of data" : "an error instead of data ('" + text + "')");
    }
    return node;
  }

  HaloException bad(String detail) {
    return new HaloException(new HaloFailure.BadResponse(status, endpoint, detail));
  }
}
