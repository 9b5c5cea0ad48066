package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/** Answers and request parsing the API endpoints share. */
final class Replies {
  private Replies() {}

  static void notFound(Call call, String what) throws IOException {
    call.json(404, Map.of("message", what + " not found."));
  }

  static void badRequest(Call call, String message) throws IOException {
    call.json(400, Map.of("message", message));
  }

  static void methodNotAllowed(Call call, String allowed) throws IOException {
    call.setHeader("Allow", allowed);
    call.empty(405);
  }

  /** The request body as a JSON array of objects, or null after answering 400. */
  static ArrayNode readArray(Call call) throws IOException {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(call.body());
    } catch (IOException e) {
      badRequest(call, "The request body is not valid JSON.");
      return null;
    }
    if (body == null || !body.isArray() || body.isEmpty()) {
      badRequest(call, "The request body must be a non-empty JSON array.");
      return null;
    }
    for (JsonNode element : body) {
      if (!element.isObject()) {
        badRequest(call, "Every element of the request body must be a JSON object.");
        return null;
      }
    }
    return (ArrayNode) body;
  }

  static void answerPost(Call call, Instance instance, List<JsonNode> results) throws IOException {
    if (results.size() == 1 && instance.postReturns() == Instance.PostReturns.OBJECT) {
      call.json(instance.postStatus(), results.get(0));
    } else {
      call.json(instance.postStatus(), results);
    }
  }

  static Integer parseId(String s) {
    Integer id = parseInt(s);
    return id != null && id > 0 ? id : null;
  }

  static Integer parseInt(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
