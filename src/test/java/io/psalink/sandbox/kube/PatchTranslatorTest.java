package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PatchTranslatorTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final PatchTranslator patches = new PatchTranslator(mapper);

  @Test
  void strategicDirectivesAreDropped() throws Exception {
    String smp = "{\"metadata\":{\"annotations\":{\"a\":\"1\"}},\"$setElementOrder/items\":[{\"name\":\"x\"}],"
        + "\"spec\":{\"$retainKeys\":[\"size\"],\"size\":5,\"list\":[{\"$patch\":\"replace\",\"k\":1}]}}";
    String merge = new String(patches.strategicToMerge(smp.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    assertThat(merge).isEqualTo("{\"metadata\":{\"annotations\":{\"a\":\"1\"}},\"spec\":{\"size\":5,\"list\":[{\"k\":1}]}}");
  }

  @Test
  void appliedConfigurationIsReadFromYaml() throws Exception {
    String yaml = "apiVersion: example.test/v1\nkind: Widget\nmetadata:\n  name: a\n  resourceVersion: \"3\"\nspec:\n  size: 2\n";
    var applied = patches.appliedObject(yaml.getBytes(StandardCharsets.UTF_8));
    assertThat(applied.path("spec").path("size").asInt()).isEqualTo(2);
    assertThat(applied.path("metadata").has("resourceVersion")).isFalse();
  }

  @Test
  void secretStringDataIsFoldedIntoData() throws Exception {
    byte[] folded = SecretData.fold(mapper, "{\"data\":{\"a\":\"eA==\"},\"stringData\":{\"b\":\"y\",\"c\":null}}".getBytes(StandardCharsets.UTF_8));
    assertThat(new String(folded, StandardCharsets.UTF_8)).isEqualTo("{\"data\":{\"a\":\"eA==\",\"b\":\"eQ==\",\"c\":null}}");
  }

  @Test
  void humanDurations() {
    assertThat(HumanDuration.of(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(HumanDuration.of(Duration.ofSeconds(119))).isEqualTo("119s");
    assertThat(HumanDuration.of(Duration.ofSeconds(180))).isEqualTo("3m");
    assertThat(HumanDuration.of(Duration.ofSeconds(200))).isEqualTo("3m20s");
    assertThat(HumanDuration.of(Duration.ofMinutes(75))).isEqualTo("75m");
    assertThat(HumanDuration.of(Duration.ofMinutes(5 * 60 + 3))).isEqualTo("5h3m");
    assertThat(HumanDuration.of(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(HumanDuration.of(Duration.ofHours(75))).isEqualTo("3d3h");
    assertThat(HumanDuration.of(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(HumanDuration.of(Duration.ofSeconds(-1))).isEqualTo("0s");
    assertThat(HumanDuration.since(null, java.time.Instant.now())).isEqualTo("<unknown>");
  }
}
