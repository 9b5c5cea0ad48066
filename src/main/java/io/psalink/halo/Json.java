package io.psalink.halo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/** The one Jackson mapper of the Halo client: lenient about fields Halo adds, strict about broken JSON. */
final class Json {

  static final ObjectMapper MAPPER = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Json() {}

  /** A field that is present and says something (not null, false, or an empty string). */
  static boolean isSet(JsonNode n) {
    return n != null && !n.isNull() && !n.isMissingNode() && !(n.isBoolean() && !n.booleanValue())
        && !(n.isTextual() && n.asText().isBlank());
  }

  /** {@code node.get(name)}, falling back to a case-insensitive match: Halo's casing is not documented. */
  static JsonNode field(JsonNode node, String name) {
    if (node == null || !node.isObject()) {
      return null;
    }
    JsonNode exact = node.get(name);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  static String text(JsonNode node, String name) {
    JsonNode f = field(node, name);
    return f == null || f.isNull() || f.isContainerNode() ? null : f.asText();
  }

  static boolean bool(JsonNode node, String name) {
    JsonNode f = field(node, name);
    if (f == null || f.isNull()) {
      return false;
    }
    return f.isTextual() ? f.asText().strip().equalsIgnoreCase("true") || f.asText().strip().equals("1") : f.asBoolean();
  }
}
