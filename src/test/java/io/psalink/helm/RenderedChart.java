package io.psalink.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The chart rendered by the real Helm library ({@code helm template}), parsed into objects. */
final class RenderedChart {
  static final Path CHART = Path.of("helm", "psa-link-operator");
  static final String RELEASE = "plo";
  static final String NAMESPACE = "psa-system";
  static final String FULLNAME = "plo-psa-link-operator";
  /** Helm's own default (1.20) is below the chart's kubeVersion. */
  static final String KUBE_VERSION = "1.30.0";

  private static final ObjectMapper YAML = new YAMLMapper();

  final String text;
  final List<JsonNode> objects;

  private RenderedChart(String text, List<JsonNode> objects) {
    this.text = text;
    this.objects = objects;
  }

  /** Renders with the chart's defaults overridden by {@code values} (a YAML document, may be empty). */
  static RenderedChart render(String values) {
    try {
      Path file = Files.createTempFile("values-", ".yaml");
      try {
        Files.writeString(file, values);
        String out =
            new Helm(CHART)
                .template()
                .withName(RELEASE)
                .withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION)
                .withValuesFile(file)
                .call();
        return new RenderedChart(out, parse(out));
      } finally {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<JsonNode> parse(String yaml) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(yaml)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && doc.size() > 0) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).collect(Collectors.toList());
  }

  JsonNode one(String kind) {
    List<JsonNode> found = ofKind(kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind + " but found " + found.size() + " in:\n" + text);
    }
    return found.get(0);
  }

  JsonNode container() {
    return one("Deployment").path("spec").path("template").path("spec").path("containers").get(0);
  }

  Map<String, JsonNode> env() {
    Map<String, JsonNode> env = new java.util.LinkedHashMap<>();
    container().path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  /** A rule as a comparable value: sorted groups, resources, verbs, resourceNames. */
  static Rule rule(JsonNode node) {
    return new Rule(
        strings(node.path("apiGroups")),
        strings(node.path("resources")),
        strings(node.path("verbs")),
        strings(node.path("resourceNames")));
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    out.sort(null);
    return out;
  }

  record Rule(List<String> apiGroups, List<String> resources, List<String> verbs, List<String> resourceNames) {
    static Rule of(List<String> apiGroups, String resource, List<String> verbs) {
      List<String> g = new ArrayList<>(apiGroups);
      g.sort(null);
      List<String> v = new ArrayList<>(verbs);
      v.sort(null);
      return new Rule(g, List.of(resource), v, List.of());
    }
  }
}
