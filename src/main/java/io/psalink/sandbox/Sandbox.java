package io.psalink.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.halo.HaloClient;
import io.psalink.reconciler.HaloLinkReconciler;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.kube.EmbeddedKubeApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything on one machine: an embedded Kubernetes API that kubectl can use, the Halo simulator with the
 * sandbox tenants, the CRD, and the operator. Used by the {@code sandbox} command and by end-to-end tests.
 */
public final class Sandbox implements AutoCloseable {
  public static final String CRD_RESOURCE = "META-INF/fabric8/halolinks.psalink.io-v1.yml";
  public static final String NAMESPACE = "default";
  /** Where {@code kubectl apply} keeps what it applied last; examples are stored with it too. */
  public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper SORTED = new ObjectMapper()
      .configure(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
  private static final YAMLMapper YAML = new YAMLMapper();

  private final EmbeddedKubeApi kube;
  private final HaloSimulator halo;
  private final HaloClient haloClient;
  private final OperatorRuntime operator;

  private Sandbox(EmbeddedKubeApi kube, HaloSimulator halo, HaloClient haloClient, OperatorRuntime operator) {
    this.kube = kube;
    this.halo = halo;
    this.haloClient = haloClient;
    this.operator = operator;
  }

  /** @param haloPort the simulator's port; 0 for any free one (examples are rewritten to it) */
  public static Sandbox start(int kubePort, int haloPort, OperatorRuntime.Settings settings) {
    EmbeddedKubeApi kube = EmbeddedKubeApi.start(kubePort);
    HaloSimulator halo = null;
    try {
      installCrd(kube.client());
      halo = HaloSimulator.start(haloPort);
      SandboxTenants.install(halo);
      HaloClient haloClient = new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC());
      OperatorRuntime operator = OperatorRuntime.start(kube.newClient(), haloClient, settings,
          HaloLinkReconciler.LinkObserver.NONE);
      return new Sandbox(kube, halo, haloClient, operator);
    } catch (RuntimeException e) {
      if (halo != null) {
        halo.close();
      }
      kube.close();
      throw e;
    }
  }

  private static void installCrd(KubernetesClient client) {
    try (InputStream in = Sandbox.class.getClassLoader().getResourceAsStream(CRD_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(CRD_RESOURCE + " is not on the class path: build with mvn package first");
      }
      CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
      client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(NonDeletingOperation::update);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public EmbeddedKubeApi kube() {
    return kube;
  }

  public HaloSimulator halo() {
    return halo;
  }

  /**
   * Applies every YAML file directly in a directory (not in its subdirectories, e.g. {@code examples/fixes/}),
   * in name order, pointing the examples at this simulator. Each object is stored as {@code kubectl apply}
   * stores it, with the {@code kubectl.kubernetes.io/last-applied-configuration} annotation, so that a later
   * {@code kubectl apply} of the same file (or of a fix) merges without a warning.
   */
  public List<HasMetadata> applyExamples(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no .yaml files in " + dir);
    }
    KubernetesClient client = kube.client();
    ensureNamespace(client, NAMESPACE);
    List<HasMetadata> applied = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file).replace("127.0.0.1:" + SandboxTenants.EXAMPLES_PORT,
          "127.0.0.1:" + halo.port());
      for (ObjectNode doc : documents(text, file)) {
        ObjectNode meta = doc.with("metadata");
        String ns = meta.path("namespace").asText(NAMESPACE);
        meta.put("namespace", ns);
        ensureNamespace(client, ns);
        ObjectNode annotations = meta.with("annotations");
        // as kubectl writes it: compact JSON, keys sorted, a newline at the end
        annotations.put(LAST_APPLIED, SORTED.writeValueAsString(JSON.convertValue(doc, Map.class)) + "\n");
        HasMetadata item = client.getKubernetesSerialization().unmarshal(JSON.writeValueAsString(doc));
        applied.add(client.resource(item).inNamespace(ns).createOr(NonDeletingOperation::update));
      }
    }
    return applied;
  }

  private static List<ObjectNode> documents(String yaml, Path file) throws IOException {
    List<ObjectNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n == null || n.isNull() || n.isMissingNode() || (n.isObject() && n.isEmpty())) {
          continue; // an empty document, e.g. after a trailing ---
        }
        if (!n.isObject() || !n.hasNonNull("kind") || !n.hasNonNull("apiVersion")) {
          throw new IOException(file + ": every document needs apiVersion and kind");
        }
        docs.add((ObjectNode) n);
      }
    }
    return docs;
  }

  private static void ensureNamespace(KubernetesClient client, String ns) {
    if (client.namespaces().withName(ns).get() == null) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
    }
  }

  public List<HaloLink> links() {
    return kube.client().resources(HaloLink.class).inAnyNamespace().list().getItems().stream()
        .sorted(Comparator.comparing((HaloLink l) -> l.getMetadata().getNamespace())
            .thenComparing(l -> l.getMetadata().getName()))
        .toList();
  }

  /** True when every link has a verdict for its current generation and none is still being retried. */
  public static boolean settled(List<HaloLink> links) {
    return !links.isEmpty() && links.stream().allMatch(l -> l.getStatus() != null
        && java.util.Objects.equals(l.getStatus().getObservedGeneration(), l.getMetadata().getGeneration())
        && l.getStatus().condition("Ready").isPresent()
        && l.getStatus().condition("Reconciling").isEmpty());
  }

  /** NAME, READY, REASON, MESSAGE of each link, as the sandbox prints them. */
  public static String table(List<HaloLink> links) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "READY", "REASON", "MESSAGE"});
    for (HaloLink l : links) {
      var ready = l.getStatus() == null ? null : l.getStatus().condition("Ready").orElse(null);
      rows.add(new String[] {l.getMetadata().getName(), ready == null ? "" : ready.getStatus(),
          ready == null ? "" : ready.getReason(), ready == null ? "" : ready.getMessage()});
    }
    int[] width = new int[3];
    for (String[] r : rows) {
      for (int i = 0; i < 3; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      sb.append(String.format("%-" + width[0] + "s   %-" + width[1] + "s   %-" + width[2] + "s   %s%n",
          r[0], r[1], r[2], r[3]));
    }
    return sb.toString();
  }

  @Override
  public void close() {
    operator.close();
    haloClient.close();
    halo.close();
    kube.close();
  }
}
