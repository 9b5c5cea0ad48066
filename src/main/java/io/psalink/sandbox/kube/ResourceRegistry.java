package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resource types the embedded API serves: a fixed set of built-in types plus every CRD
 * stored in the mock, read at request time so that a CRD is served as soon as it is created.
 */
final class ResourceRegistry {

  static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  static final List<ResourceInfo> BUILTIN = List.of(
      core("namespaces", "namespace", "Namespace", false, List.of("ns"), List.of(),
          TableColumn.field("Status", "status.phase", "The phase of the namespace"), TableColumn.age()),
      core("secrets", "secret", "Secret", true, List.of(), List.of(),
          TableColumn.field("Type", "type", "The type of the secret"),
          count("Data", "Number of items in the secret", "data"), TableColumn.age()),
      core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), List.of(),
          count("Data", "Number of items in the config map", "data", "binaryData"), TableColumn.age()),
      core("events", "event", "Event", true, List.of("ev"), List.of(),
          new TableColumn("Last Seen", "string", "", "Time since the event was last seen", 0, ResourceRegistry::lastSeen),
          TableColumn.field("Type", "type", "Type of the event"),
          TableColumn.field("Reason", "reason", "Why the event happened"),
          new TableColumn("Object", "string", "", "The object the event is about", 0, (o, now) ->
              o.path("involvedObject").path("kind").asText("").toLowerCase() + "/" + o.path("involvedObject").path("name").asText("")),
          TableColumn.field("Message", "message", "What happened")),
      core("pods", "pod", "Pod", true, List.of("po"), List.of("all"),
          TableColumn.field("Status", "status.phase", "The phase of the pod"), TableColumn.age()),
      core("services", "service", "Service", true, List.of("svc"), List.of("all"),
          TableColumn.field("Type", "spec.type", "The type of the service"), TableColumn.age()),
      core("serviceaccounts", "serviceaccount", "ServiceAccount", true, List.of("sa"), List.of(), TableColumn.age()),
      new ResourceInfo("apps", "v1", "deployments", "deployment", "Deployment", true, List.of("deploy"), List.of("all"), true,
          List.of(TableColumn.age())),
      new ResourceInfo("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, List.of(), List.of(), false,
          List.of(TableColumn.field("Holder", "spec.holderIdentity", "The holder of the lease"), TableColumn.age())),
      new ResourceInfo("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
          "CustomResourceDefinition", false, List.of("crd", "crds"), List.of("api-extensions"), true,
          List.of(TableColumn.field("Created At", "metadata.creationTimestamp", "When the CRD was created"))),
      new ResourceInfo("events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), List.of(), false,
          List.of(TableColumn.age())));

  private final MockBackend backend;

  ResourceRegistry(MockBackend backend) {
    this.backend = backend;
  }

  List<JsonNode> crds() {
    JsonNode list = backend.getJson(CRD_PATH);
    List<JsonNode> out = new ArrayList<>();
    if (list != null) {
      list.path("items").forEach(out::add);
    }
    return out;
  }

  List<ResourceInfo> crdResources() {
    List<ResourceInfo> out = new ArrayList<>();
    for (JsonNode crd : crds()) {
      out.addAll(fromCrd(crd));
    }
    return out;
  }

  List<ResourceInfo> all() {
    List<ResourceInfo> out = new ArrayList<>(BUILTIN);
    out.addAll(crdResources());
    return out;
  }

  Optional<ResourceInfo> find(String group, String version, String plural) {
    Optional<ResourceInfo> builtin = BUILTIN.stream().filter(r -> r.group().equals(group)
        && r.version().equals(version) && r.plural().equals(plural)).findFirst();
    if (builtin.isPresent()) {
      return builtin;
    }
    return crdResources().stream().filter(r -> r.group().equals(group)
        && r.version().equals(version) && r.plural().equals(plural)).findFirst();
  }

  /** One entry per served version of a CRD. */
  static List<ResourceInfo> fromCrd(JsonNode crd) {
    JsonNode spec = crd.path("spec");
    JsonNode names = spec.path("names");
    String kind = names.path("kind").asText();
    String singular = names.path("singular").asText(kind.toLowerCase());
    List<ResourceInfo> out = new ArrayList<>();
    for (JsonNode v : spec.path("versions")) {
      if (!v.path("served").asBoolean(true)) {
        continue;
      }
      List<TableColumn> columns = new ArrayList<>();
      v.path("additionalPrinterColumns").forEach(c -> columns.add(JsonPathColumn.fromCrd(c)));
      out.add(new ResourceInfo(
          spec.path("group").asText(),
          v.path("name").asText(),
          names.path("plural").asText(),
          singular,
          kind,
          !"Cluster".equals(spec.path("scope").asText("Namespaced")),
          strings(names.path("shortNames")),
          strings(names.path("categories")),
          v.path("subresources").has("status"),
          columns));
    }
    return out;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static ResourceInfo core(String plural, String singular, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, TableColumn... columns) {
    return new ResourceInfo("", "v1", plural, singular, kind, namespaced, shortNames, categories, false, List.of(columns));
  }

  private static TableColumn count(String name, String description, String... fields) {
    return new TableColumn(name, "integer", "", description, 0, (o, now) -> {
      int n = 0;
      for (String f : fields) {
        n += o.path(f).size();
      }
      return n;
    });
  }

  private static Object lastSeen(JsonNode event, Instant now) {
    String ts = event.path("lastTimestamp").asText("");
    if (ts.isEmpty()) {
      ts = event.path("eventTime").asText("");
    }
    if (ts.isEmpty()) {
      ts = event.path("metadata").path("creationTimestamp").asText("");
    }
    return HumanDuration.since(ts.isEmpty() ? null : ts.replaceAll("\\.\\d+Z$", "Z"), now);
  }
}
