package io.psalink.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.Reason;
import io.psalink.testing.OperatorFixture;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkInputsResolverTest {
  static LinkInputsResolver.Resolution resolve(Map<String, byte[]> data) {
    Map<String, String> encoded = new java.util.HashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
    Secret s = new SecretBuilder().withNewMetadata().withName("creds").endMetadata().withData(encoded).build();
    HaloLink link = OperatorFixture.link("l", "https://acme.halopsa.com/api", "creds");
    return new LinkInputsResolver(name -> "creds".equals(name) ? Optional.of(s) : Optional.empty()).resolve(link);
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void whitespacePaddedValuesAreTrimmed() {
    var r = resolve(Map.of("client_id", b(" id \n"), "client_secret", b("secret\n")));
    assertThat(r.halt()).isNull();
    assertThat(r.inputs().target().credentials().clientId()).isEqualTo("id");
    assertThat(r.inputs().target().credentials().clientSecret()).isEqualTo("secret");
    assertThat(r.inputs().target().endpoint().base().toString()).isEqualTo("https://acme.halopsa.com");
  }

  @Test
  void missingEmptyAndBinaryValuesAreNamedNeverEchoed() {
    assertThat(resolve(Map.of("client_id", b("id"))).halt().reason()).isEqualTo(Reason.SecretKeyMissing);
    assertThat(resolve(Map.of("client_id", b("id"), "client_secret", b("  "))).halt().reason())
        .isEqualTo(Reason.SecretKeyMissing);
    var binary = resolve(Map.of("client_id", b("id"), "client_secret", new byte[] {(byte) 0xff, (byte) 0xfe, 1}));
    assertThat(binary.halt().reason()).isEqualTo(Reason.SecretValueInvalid);
    assertThat(binary.halt().message()).contains("client_secret");
  }

  @Test
  void absentSecretIsSecretNotFound() {
    Secret none = null;
    HaloLink link = OperatorFixture.link("l", "https://acme.halopsa.com", "other");
    var r = new LinkInputsResolver(name -> Optional.ofNullable(none)).resolve(link);
    assertThat(r.halt().reason()).isEqualTo(Reason.SecretNotFound);
    assertThat(r.halt().message()).contains("other");
  }
}
