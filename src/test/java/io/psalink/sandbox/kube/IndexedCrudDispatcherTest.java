package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The indexed store answers as the stock CRUD mock does, through changes of the keys it indexes. */
class IndexedCrudDispatcherTest {
  KubernetesMockServer mock;
  KubernetesClient kube;

  @BeforeEach
  void start() {
    mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new IndexedCrudDispatcher(),
        false);
    mock.init();
    kube = mock.createClient(new JdkHttpClientFactory());
  }

  @AfterEach
  void stop() {
    kube.close();
    mock.destroy();
  }

  @Test
  void sameNameInTwoNamespacesAndAcrossLabelChangesStaysOneObjectEach() {
    kube.configMaps().inNamespace("a").resource(cm("a", "x", Map.of("v", "1"))).create();
    kube.configMaps().inNamespace("b").resource(cm("b", "x", Map.of("v", "2"))).create();
    assertThatThrownBy(() -> kube.configMaps().inNamespace("a").resource(cm("a", "x", Map.of())).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    // labels are part of the store's key: the index must follow the key through the change
    kube.configMaps().inNamespace("a").withName("x").edit(c -> {
      c.getMetadata().setLabels(Map.of("tier", "gold"));
      return c;
    });
    kube.configMaps().inNamespace("a").withName("x")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"v\":\"3\"}}");
    assertThat(kube.configMaps().inNamespace("a").withName("x").get().getData()).containsEntry("v", "3");
    assertThat(kube.configMaps().inNamespace("a").withName("x").get().getMetadata().getLabels())
        .containsEntry("tier", "gold");
    assertThat(kube.configMaps().inNamespace("b").withName("x").get().getData()).containsEntry("v", "2");
    assertThat(kube.configMaps().inAnyNamespace().list().getItems()).hasSize(2);
    assertThat(kube.configMaps().inNamespace("a").withLabel("tier", "gold").list().getItems()).hasSize(1);

    kube.configMaps().inNamespace("a").withName("x").delete();
    assertThat(kube.configMaps().inNamespace("a").withName("x").get()).isNull();
    kube.configMaps().inNamespace("a").resource(cm("a", "x", Map.of("v", "4"))).create();
    assertThat(kube.configMaps().inNamespace("a").withName("x").get().getData()).containsEntry("v", "4");
    assertThat(kube.configMaps().inNamespace("b").withName("x").get().getData()).containsEntry("v", "2");
  }

  @Test
  void queriesWithoutAPlainNameAreAnsweredByTheScan() {
    for (int i = 0; i < 5; i++) {
      kube.configMaps().inNamespace("a").resource(cm("a", "c" + i, Map.of("i", String.valueOf(i)))).create();
    }
    assertThat(kube.configMaps().inNamespace("a").list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactly("c0", "c1", "c2", "c3", "c4");
    kube.configMaps().inNamespace("a").delete();
    assertThat(kube.configMaps().inNamespace("a").list().getItems()).isEmpty();
    kube.configMaps().inNamespace("a").resource(cm("a", "c1", Map.of())).create();
    assertThat(kube.configMaps().inNamespace("a").list().getItems()).hasSize(1);
  }

  private static ConfigMap cm(String ns, String name, Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withData(data)
        .build();
  }
}
