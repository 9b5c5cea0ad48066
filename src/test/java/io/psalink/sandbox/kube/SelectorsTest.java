package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SelectorsTest {

  private final ObjectMapper mapper = new ObjectMapper();

  private JsonNode event() throws Exception {
    return mapper.readTree("{\"metadata\":{\"name\":\"e1\",\"namespace\":\"psa\",\"labels\":{\"app\":\"demo\",\"tier\":\"web\"}},"
        + "\"involvedObject\":{\"name\":\"acme\",\"namespace\":\"psa\",\"uid\":\"u-1\"},\"type\":\"Normal\"}");
  }

  @Test
  void fieldSelectorOfKubectlDescribe() throws Exception {
    FieldSelector s = FieldSelector.parse("involvedObject.name=acme,involvedObject.namespace=psa,involvedObject.uid=u-1");
    assertThat(s.terms()).hasSize(3);
    assertThat(s.matches(event())).isTrue();
    assertThat(FieldSelector.parse("involvedObject.uid=u-2").matches(event())).isFalse();
  }

  @Test
  void fieldSelectorOperatorsEscapesAndMissingFields() throws Exception {
    assertThat(FieldSelector.parse("metadata.name==e1").matches(event())).isTrue();
    assertThat(FieldSelector.parse("type!=Warning").matches(event())).isTrue();
    assertThat(FieldSelector.parse("type!=Normal").matches(event())).isFalse();
    assertThat(FieldSelector.parse("reason=").matches(event())).isTrue();
    assertThat(FieldSelector.parse("metadata.name=a\\,b").terms().get(0).value()).isEqualTo("a,b");
    assertThat(FieldSelector.parse("").matches(event())).isTrue();
    assertThatThrownBy(() -> FieldSelector.parse("metadata.name")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelSelectors() throws Exception {
    JsonNode e = event();
    assertThat(LabelSelector.parse("app=demo").matches(e)).isTrue();
    assertThat(LabelSelector.parse("app==demo,tier!=db").matches(e)).isTrue();
    assertThat(LabelSelector.parse("app=other").matches(e)).isFalse();
    assertThat(LabelSelector.parse("tier in (web, api),app").matches(e)).isTrue();
    assertThat(LabelSelector.parse("tier notin (web)").matches(e)).isFalse();
    assertThat(LabelSelector.parse("!missing").matches(e)).isTrue();
    assertThat(LabelSelector.parse("missing").matches(e)).isFalse();
    assertThat(LabelSelector.parse(null).matches(e)).isTrue();
  }

  @Test
  void apiPaths() {
    ApiPath p = ApiPath.parse("/apis/example.test/v1/namespaces/default/widgets/alpha/status").orElseThrow();
    assertThat(p).isEqualTo(new ApiPath("example.test", "v1", "default", "widgets", "alpha", "status"));
    assertThat(p.collectionPath()).isEqualTo("/apis/example.test/v1/namespaces/default/widgets");
    assertThat(ApiPath.parse("/api/v1/namespaces/default").orElseThrow())
        .isEqualTo(new ApiPath("", "v1", null, "namespaces", "default", null));
    assertThat(ApiPath.parse("/api/v1/secrets").orElseThrow().isList()).isTrue();
    assertThat(ApiPath.parse("/healthz")).isEmpty();
  }
}
