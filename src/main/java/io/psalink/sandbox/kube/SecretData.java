package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;

/**
 * Folds a Secret's write-only {@code stringData} into {@code data} (base64) as the API server
 * does; the mock would store {@code stringData} as given and readers of {@code data} would miss it.
 * Works on Secret bodies and on JSON merge patches of Secrets alike.
 */
final class SecretData {

  private SecretData() {}

  static byte[] fold(ObjectMapper mapper, byte[] json) throws IOException {
    JsonNode n = mapper.readTree(json);
    if (!n.isObject() || !n.has("stringData")) {
      return json;
    }
    fold((ObjectNode) n);
    return mapper.writeValueAsBytes(n);
  }

  static void fold(ObjectNode secret) {
    JsonNode stringData = secret.remove("stringData");
    if (stringData == null || !stringData.isObject()) {
      return;
    }
    ObjectNode data = secret.has("data") && secret.get("data").isObject()
        ? (ObjectNode) secret.get("data") : secret.putObject("data");
    Iterator<Map.Entry<String, JsonNode>> it = stringData.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        data.putNull(e.getKey()); // a merge patch removing the key
      } else {
        data.put(e.getKey(), Base64.getEncoder().encodeToString(e.getValue().asText().getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
