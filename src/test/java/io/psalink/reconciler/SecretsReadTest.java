package io.psalink.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.testing.OperatorFixture;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Secret's creation starts a pass only for links that have not read that version of it yet. */
class SecretsReadTest {
  private static Secret secret(String version) {
    return new SecretBuilder().withNewMetadata().withNamespace("psa").withName("creds").withResourceVersion(version)
        .endMetadata().build();
  }

  private static HaloLink link(String uid) {
    HaloLink l = OperatorFixture.link("l-" + uid, "https://acme.halopsa.com", "creds");
    l.getMetadata().setUid(uid);
    return l;
  }

  @Test
  void aVersionEveryLinkHasReadIsNothingNew() {
    Map<String, Map<String, String>> read = Map.of("a", Map.of("psa/creds", "7"), "b", Map.of("psa/creds", "7"));
    assertThat(HaloLinkReconciler.isNewTo(secret("7"), List.of(link("a"), link("b")), read)).isFalse();
  }

  @Test
  void aNewVersionALinkWithoutAPassOrAMissingVersionIs() {
    Map<String, Map<String, String>> read = Map.of("a", Map.of("psa/creds", "7"));
    assertThat(HaloLinkReconciler.isNewTo(secret("8"), List.of(link("a")), read)).as("another version").isTrue();
    assertThat(HaloLinkReconciler.isNewTo(secret("7"), List.of(link("a"), link("c")), read))
        .as("a link that has not read it").isTrue();
    assertThat(HaloLinkReconciler.isNewTo(secret(null), List.of(link("a")), read)).as("no version").isTrue();
  }
}
