package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A minimal OpenAPI v3 discovery: per group version, only the PATCH operation of each resource,
 * tagged with its kind and the {@code fieldValidation} query parameter. That is what kubectl
 * reads to decide that the server validates fields itself; without it kubectl validates on the
 * client and fails because there are no schemas ("failed to download openapi"). There are no
 * schemas here, so the embedded API accepts unknown fields that a real API server would reject.
 */
final class OpenApiV3 {

  private final ObjectMapper mapper;

  OpenApiV3(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode root(List<ResourceInfo> all) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode paths = root.putObject("paths");
    byGroupVersion(all).forEach((gv, resources) -> {
      String key = gv.contains("/") ? "apis/" + gv : "api/" + gv;
      String hash = Integer.toHexString(document(resources).toString().hashCode());
      paths.putObject(key).put("serverRelativeURL", "/openapi/v3/" + key + "?hash=" + hash);
    });
    return root;
  }

  /** The document of {@code api/v1} or {@code apis/{group}/{version}}. */
  Optional<ObjectNode> groupVersion(String key, List<ResourceInfo> all) {
    List<ResourceInfo> resources = byGroupVersion(all).entrySet().stream()
        .filter(e -> (e.getKey().contains("/") ? "apis/" : "api/").concat(e.getKey()).equals(key))
        .map(Map.Entry::getValue).findFirst().orElse(List.of());
    return resources.isEmpty() ? Optional.empty() : Optional.of(document(resources));
  }

  private ObjectNode document(List<ResourceInfo> resources) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "v" + Discovery.MAJOR + "." + Discovery.MINOR + ".0");
    ObjectNode paths = doc.putObject("paths");
    for (ResourceInfo r : resources) {
      String prefix = r.group().isEmpty() ? "/api/" + r.version() : "/apis/" + r.group() + "/" + r.version();
      String path = prefix + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
      ObjectNode patch = paths.putObject(path).putObject("patch");
      patch.put("operationId", "patch" + r.kind());
      patch.putObject("x-kubernetes-group-version-kind")
          .put("group", r.group()).put("version", r.version()).put("kind", r.kind());
      ObjectNode param = patch.putArray("parameters").addObject();
      param.put("name", "fieldValidation");
      param.put("in", "query");
      param.putObject("schema").put("type", "string");
      patch.putObject("responses").putObject("200").put("description", "OK");
    }
    return doc;
  }

  private static Map<String, List<ResourceInfo>> byGroupVersion(List<ResourceInfo> all) {
    return all.stream().collect(Collectors.groupingBy(ResourceInfo::groupVersion, LinkedHashMap::new, Collectors.toList()));
  }
}
