package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Legacy (unaggregated) discovery: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}
 * and {@code /apis/{group}/{version}}. Callers answer with {@code Content-Type: application/json},
 * which makes kubectl fall back from aggregated discovery to these documents.
 */
final class Discovery {

  static final String MAJOR = "1";
  static final String MINOR = "32";

  private final ObjectMapper mapper;

  Discovery(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  ObjectNode version() {
    ObjectNode v = mapper.createObjectNode();
    v.put("major", MAJOR);
    v.put("minor", MINOR);
    v.put("gitVersion", "v" + MAJOR + "." + MINOR + ".0-psalink-sandbox");
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2025-01-01T00:00:00Z");
    v.put("goVersion", "n/a (fabric8 mock server)");
    v.put("compiler", "n/a");
    v.put("platform", System.getProperty("os.name").toLowerCase() + "/" + System.getProperty("os.arch"));
    return v;
  }

  ObjectNode coreVersions(String serverAddress) {
    ObjectNode v = mapper.createObjectNode();
    v.put("kind", "APIVersions");
    v.putArray("versions").add("v1");
    ObjectNode cidr = v.putArray("serverAddressByClientCIDRs").addObject();
    cidr.put("clientCIDR", "0.0.0.0/0");
    cidr.put("serverAddress", serverAddress);
    return v;
  }

  ObjectNode groupList(List<ResourceInfo> all) {
    ObjectNode list = mapper.createObjectNode();
    list.put("kind", "APIGroupList");
    list.put("apiVersion", "v1");
    ArrayNode groups = list.putArray("groups");
    versionsByGroup(all).forEach((group, versions) -> groups.add(group(group, versions)));
    return list;
  }

  Optional<ObjectNode> group(String group, List<ResourceInfo> all) {
    Set<String> versions = versionsByGroup(all).get(group);
    return versions == null ? Optional.empty() : Optional.of(group(group, versions));
  }

  /** The APIResourceList of one group version, empty when nothing is served there. */
  Optional<ObjectNode> resources(String group, String version, List<ResourceInfo> all) {
    List<ResourceInfo> served = all.stream()
        .filter(r -> r.group().equals(group) && r.version().equals(version))
        .collect(Collectors.toList());
    if (served.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode list = mapper.createObjectNode();
    list.put("kind", "APIResourceList");
    list.put("apiVersion", "v1");
    list.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
    ArrayNode resources = list.putArray("resources");
    for (ResourceInfo r : served) {
      ObjectNode n = resources.addObject();
      n.put("name", r.plural());
      n.put("singularName", r.singular());
      n.put("namespaced", r.namespaced());
      n.put("kind", r.kind());
      ArrayNode verbs = n.putArray("verbs");
      ResourceInfo.VERBS.forEach(verbs::add);
      if (!r.shortNames().isEmpty()) {
        ArrayNode s = n.putArray("shortNames");
        r.shortNames().forEach(s::add);
      }
      if (!r.categories().isEmpty()) {
        ArrayNode c = n.putArray("categories");
        r.categories().forEach(c::add);
      }
      if (r.statusSubresource()) {
        ObjectNode st = resources.addObject();
        st.put("name", r.plural() + "/status");
        st.put("singularName", "");
        st.put("namespaced", r.namespaced());
        st.put("kind", r.kind());
        st.putArray("verbs").add("get").add("patch").add("update");
      }
    }
    return Optional.of(list);
  }

  private ObjectNode group(String name, Set<String> versions) {
    ObjectNode g = mapper.createObjectNode();
    g.put("name", name);
    ArrayNode vs = g.putArray("versions");
    for (String v : versions) {
      ObjectNode gv = vs.addObject();
      gv.put("groupVersion", name + "/" + v);
      gv.put("version", v);
    }
    ObjectNode preferred = g.putObject("preferredVersion");
    String first = versions.iterator().next();
    preferred.put("groupVersion", name + "/" + first);
    preferred.put("version", first);
    return g;
  }

  /** Named groups only (the core group is {@code /api}), versions in the order first seen. */
  private static Map<String, Set<String>> versionsByGroup(List<ResourceInfo> all) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (ResourceInfo r : all) {
      if (!r.group().isEmpty()) {
        out.computeIfAbsent(r.group(), g -> new LinkedHashSet<>()).add(r.version());
      }
    }
    return out;
  }
}
