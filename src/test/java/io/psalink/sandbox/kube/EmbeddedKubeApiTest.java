package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded API over plain HTTP and through the fabric8 client the operator uses. */
class EmbeddedKubeApiTest {

  static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder()
      .withGroup("example.test").withVersion("v1").withPlural("widgets").withKind("Widget").withNamespaced(true).build();

  private static EmbeddedKubeApi api;
  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    api = EmbeddedKubeApi.start(0, Duration.ofMillis(500));
    try (InputStream in = EmbeddedKubeApiTest.class.getResourceAsStream("/kube/widgets.example.test-v1.yml")) {
      api.client().apiextensions().v1().customResourceDefinitions()
          .resource(api.client().getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class)).create();
    }
  }

  @AfterAll
  static void stop() {
    api.close();
  }

  private HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api.url() + path)).header("Accept", accept).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aggregatedDiscoveryIsDeclinedWithPlainJson() throws Exception {
    String aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
        + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    HttpResponse<String> apis = get("/apis", aggregated);
    assertThat(apis.statusCode()).isEqualTo(200);
    assertThat(apis.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode groups = mapper.readTree(apis.body());
    assertThat(groups.path("kind").asText()).isEqualTo("APIGroupList");
    assertThat(groups.path("groups").findValuesAsText("name"))
        .contains("coordination.k8s.io", "apiextensions.k8s.io", "example.test");

    HttpResponse<String> api1 = get("/api", aggregated);
    assertThat(api1.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(mapper.readTree(api1.body()).path("versions").get(0).asText()).isEqualTo("v1");
  }

  @Test
  void discoveryDescribesBuiltinsAndStoredCrds() throws Exception {
    JsonNode core = mapper.readTree(get("/api/v1", "application/json").body());
    JsonNode ns = find(core, "namespaces");
    assertThat(ns.path("namespaced").asBoolean()).isFalse();
    assertThat(ns.path("shortNames").get(0).asText()).isEqualTo("ns");
    assertThat(find(core, "configmaps").path("shortNames").get(0).asText()).isEqualTo("cm");
    assertThat(find(core, "events").path("shortNames").get(0).asText()).isEqualTo("ev");

    JsonNode widgets = mapper.readTree(get("/apis/example.test/v1?timeout=32s", "application/json").body());
    JsonNode w = find(widgets, "widgets");
    assertThat(w.path("kind").asText()).isEqualTo("Widget");
    assertThat(w.path("singularName").asText()).isEqualTo("widget");
    assertThat(w.path("namespaced").asBoolean()).isTrue();
    assertThat(w.path("shortNames").toString()).isEqualTo("[\"wd\"]");
    assertThat(w.path("categories").toString()).isEqualTo("[\"demo\"]");
    assertThat(w.path("verbs").toString()).contains("watch", "patch");
    assertThat(find(widgets, "widgets/status").path("verbs").toString()).isEqualTo("[\"get\",\"patch\",\"update\"]");
    assertThat(find(mapper.readTree(get("/apis/apiextensions.k8s.io/v1", "application/json").body()),
        "customresourcedefinitions").path("shortNames").get(0).asText()).isEqualTo("crd");
    assertThat(mapper.readTree(get("/version", "application/json").body()).path("major").asText()).isEqualTo("1");
  }

  @Test
  void unknownPathsAnswerAStatus() throws Exception {
    HttpResponse<String> r = get("/apis/nope.test/v1/things", "application/json");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(mapper.readTree(r.body()).path("kind").asText()).isEqualTo("Status");
    HttpResponse<String> missing = get("/apis/example.test/v1/namespaces/default/widgets/none", "application/json");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(mapper.readTree(missing.body()).path("message").asText()).isEqualTo("widgets.example.test \"none\" not found");
  }

  @Test
  void fabric8ClientWatchesAndWritesStatusThroughTheFront() throws Exception {
    var client = api.client();
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Watch watch = client.genericKubernetesResources(WIDGETS).inNamespace("default").watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, GenericKubernetesResource r) {
        seen.add(action + " " + r.getMetadata().getName());
      }

      @Override
      public void onClose(WatcherException cause) {}
    })) {
      GenericKubernetesResource w = new GenericKubernetesResource();
      w.setApiVersion("example.test/v1");
      w.setKind("Widget");
      w.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("gamma").build());
      w.setAdditionalProperty("spec", Map.of("size", 1));
      client.genericKubernetesResources(WIDGETS).inNamespace("default").resource(w).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("ADDED gamma"));

      GenericKubernetesResource live = client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("gamma").get();
      live.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
      client.genericKubernetesResources(WIDGETS).inNamespace("default").resource(live).updateStatus();
      await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("MODIFIED gamma"));
    }
    GenericKubernetesResource after = client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("gamma").get();
    assertThat(after.get("status", "conditions").toString()).contains("Ready");
    client.genericKubernetesResources(WIDGETS).inNamespace("default").withName("gamma").delete();
  }

  @Test
  void informersSyncThroughTheFrontAndSecretStringDataBecomesData() throws Exception {
    var client = api.client();
    List<String> added = new CopyOnWriteArrayList<>();
    SharedIndexInformer<io.fabric8.kubernetes.api.model.Secret> informer = client.secrets().inNamespace("default")
        .inform(new ResourceEventHandler<>() {
          @Override
          public void onAdd(io.fabric8.kubernetes.api.model.Secret s) {
            added.add(s.getMetadata().getName());
          }

          @Override
          public void onUpdate(io.fabric8.kubernetes.api.model.Secret o, io.fabric8.kubernetes.api.model.Secret n) {}

          @Override
          public void onDelete(io.fabric8.kubernetes.api.model.Secret s, boolean unknown) {}
        });
    try {
      client.secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata().withName("informed").endMetadata()
          .addToStringData("client_id", "abc").build()).create();
      await().atMost(Duration.ofSeconds(10)).until(() -> added.contains("informed"));
      assertThat(client.secrets().inNamespace("default").withName("informed").get().getData())
          .containsEntry("client_id", "YWJj");
    } finally {
      informer.close();
    }
  }

  private static JsonNode find(JsonNode resourceList, String name) {
    for (JsonNode r : resourceList.path("resources")) {
      if (r.path("name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError(name + " not in " + resourceList);
  }
}
