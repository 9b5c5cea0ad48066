package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Turns the patch flavours the mock does not take (415) into JSON merge patches, and applies JSON
 * merge patches itself ({@link #merge}): the mock's own merge patch appends to lists and stores
 * {@code null} instead of removing the field, where RFC 7396 replaces lists and removes the field.
 *
 * <p>Strategic merge: its directives ({@code $patch}, {@code $retainKeys},
 * {@code $setElementOrder/...}, {@code $deleteFromPrimitiveList/...}) are dropped and the rest is
 * applied as a JSON merge patch, so lists are replaced rather than merged by key. That is exact for
 * the maps-only objects the sandbox serves (Secrets, ConfigMaps, custom resources).
 *
 * <p>Server-side apply: the applied configuration is merged into the live object as a JSON merge
 * patch. There are no managed fields: nothing conflicts, and a field dropped from the manifest is
 * not removed from the object.
 */
final class PatchTranslator {

  static final String MERGE = "application/merge-patch+json";
  static final String STRATEGIC = "application/strategic-merge-patch+json";
  static final String APPLY = "application/apply-patch+yaml";

  private static final YAMLMapper YAML = new YAMLMapper();

  private final ObjectMapper mapper;

  PatchTranslator(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static boolean isStrategic(String contentType) {
    return contentType != null && contentType.startsWith(STRATEGIC);
  }

  static boolean isApply(String contentType) {
    return contentType != null && contentType.startsWith("application/apply-patch");
  }

  byte[] strategicToMerge(byte[] patch) throws IOException {
    JsonNode n = mapper.readTree(patch);
    stripDirectives(n);
    return mapper.writeValueAsBytes(n);
  }

  /** The applied configuration (YAML or JSON) as JSON, ready to be created or merged. */
  ObjectNode appliedObject(byte[] body) throws IOException {
    JsonNode n = YAML.readTree(body);
    if (n == null || !n.isObject()) {
      throw new IOException("the applied configuration is not an object");
    }
    ObjectNode o = (ObjectNode) n;
    JsonNode meta = o.path("metadata");
    if (meta.isObject()) {
      ((ObjectNode) meta).remove(List.of("managedFields", "resourceVersion", "uid", "creationTimestamp", "generation"));
    }
    return o;
  }

  /**
   * RFC 7396: {@code patch} merged into a copy of {@code target}. Objects merge member by member, a
   * {@code null} member removes the field, anything else (lists included) replaces.
   */
  static JsonNode merge(JsonNode target, JsonNode patch) {
    if (!patch.isObject()) {
      return patch.deepCopy();
    }
    ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
        : new ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance);
    Iterator<Map.Entry<String, JsonNode>> it = patch.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        result.remove(e.getKey());
      } else {
        result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
      }
    }
    return result;
  }

  static void stripDirectives(JsonNode n) {
    if (n.isObject()) {
      List<String> drop = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> it = n.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().startsWith("$")) {
          drop.add(e.getKey());
        } else {
          stripDirectives(e.getValue());
        }
      }
      ((ObjectNode) n).remove(drop);
    } else if (n.isArray()) {
      n.forEach(PatchTranslator::stripDirectives);
    }
  }
}
