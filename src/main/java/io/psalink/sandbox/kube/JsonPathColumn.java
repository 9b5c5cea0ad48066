package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import java.time.Instant;

/**
 * A CRD {@code additionalPrinterColumns} entry evaluated the way the API server's CRD table
 * convertor does: the first JSONPath result, converted by the column type; no result gives a
 * {@code null} cell (kubectl prints {@code <none>}).
 */
final class JsonPathColumn {

  private static final Configuration CONF = Configuration.builder()
      .jsonProvider(new JacksonJsonNodeJsonProvider())
      .mappingProvider(new JacksonMappingProvider())
      .options(Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST)
      .build();

  private JsonPathColumn() {}

  /** Builds a column from one {@code additionalPrinterColumns} item of a CRD version. */
  static TableColumn fromCrd(JsonNode def) {
    String type = def.path("type").asText("string");
    JsonPath path = compile(def.path("jsonPath").asText(""));
    return new TableColumn(
        def.path("name").asText(),
        type,
        def.path("format").asText(""),
        def.path("description").asText(""),
        def.path("priority").asInt(0),
        (obj, now) -> path == null ? null : cell(type, first(path, obj), now));
  }

  /** Evaluates a Kubernetes-style JSONPath ({@code .a.b[?(@.x=="y")].z}) on an object. */
  static JsonNode evaluate(String k8sPath, JsonNode obj) {
    JsonPath path = compile(k8sPath);
    return path == null ? null : first(path, obj);
  }

  static JsonPath compile(String k8sPath) {
    String p = k8sPath.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1).trim();
    }
    if (!p.startsWith("$")) {
      p = "$" + (p.startsWith(".") || p.startsWith("[") ? "" : ".") + p;
    }
    try {
      return JsonPath.compile(p);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  private static JsonNode first(JsonPath path, JsonNode obj) {
    JsonNode result = path.read(obj, CONF);
    if (result == null) {
      return null;
    }
    if (result.isArray()) {
      for (JsonNode n : result) {
        if (n != null && !n.isNull()) {
          return n;
        }
      }
      return null;
    }
    return result.isNull() ? null : result;
  }

  static Object cell(String type, JsonNode value, Instant now) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return null;
    }
    switch (type) {
      case "date":
        return value.isTextual() ? HumanDuration.since(value.asText(), now) : null;
      case "integer":
        return value.isNumber() ? (Object) value.asLong() : null;
      case "number":
        return value.isNumber() ? (value.isIntegralNumber() ? (Object) value.asLong() : (Object) value.asDouble()) : null;
      case "boolean":
        return value.isBoolean() ? (Object) value.asBoolean() : null;
      default:
        return value.isValueNode() ? value.asText() : value.toString();
    }
  }
}
