package io.psalink.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Reading a HaloLink never fails: what cannot be read is named (spec) or dropped (status). */
class TolerantTest {
  static HaloLink read(String spec, String status) {
    return Serialization.unmarshal("{\"apiVersion\":\"psalink.io/v1alpha1\",\"kind\":\"HaloLink\",\"metadata\":{\"name\":"
        + "\"x\"},\"spec\":{" + spec + "}" + (status == null ? "" : ",\"status\":" + status) + "}", HaloLink.class);
  }

  @Test
  void aReadableLinkReadsAsAlways() {
    HaloLink l = read("\"resourceServer\":\"https://h.example\",\"suspend\":true", "{\"observedGeneration\":3}");
    assertThat(l.getSpec().getUnreadable()).isNull();
    assertThat(l.getSpec().isSuspended()).isTrue();
    assertThat(l.getStatus().getObservedGeneration()).isEqualTo(3L);
  }

  @Test
  void anUnreadableSpecNamesTheFieldAndTheExpectedTypeButNotTheValue() {
    assertThat(read("\"suspend\":\"maybe-secret\"", null).getSpec().getUnreadable())
        .isEqualTo("spec.suspend must be true or false: correct it.");
    assertThat(read("\"webhooks\":[{\"name\":\"a\",\"events\":[1,\"x\"]}]", null).getSpec().getUnreadable())
        .startsWith("spec.webhooks[0].events[1] must be a whole number");
    assertThat(read("\"deletionPolicy\":\"Keep\"", null).getSpec().getUnreadable())
        .startsWith("spec.deletionPolicy must be one of [Delete, Orphan]").doesNotContain("Keep");
    assertThat(read("\"resourceServr\":\"https://h.example\"", null).getSpec().getUnreadable())
        .startsWith("spec.resourceServr is not a field");
  }

  @Test
  void anUnreadableStatusIsDroppedAndTheSpecKept() {
    HaloLink l = read("\"resourceServer\":\"https://h.example\"", "{\"conditions\":\"none\"}");
    assertThat(l.getStatus()).isNull();
    assertThat(l.getSpec().getResourceServer()).isEqualTo("https://h.example");
  }
}
