package io.psalink.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.psalink.api.v1alpha1.CredentialsSecretRef;
import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.api.v1alpha1.WebhookSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SpecValidationTest {
  static HaloLinkSpec valid() {
    HaloLinkSpec s = new HaloLinkSpec();
    s.setResourceServer("https://acme.halopsa.com");
    s.setCredentialsSecretRef(new CredentialsSecretRef("acme"));
    return s;
  }

  static String problem(Consumer<HaloLinkSpec> change) {
    HaloLinkSpec s = valid();
    change.accept(s);
    return SpecValidation.problem(s, Duration.ofMinutes(1)).orElse(null);
  }

  @Test
  void validSpecHasNoProblem() {
    assertThat(problem(s -> {})).isNull();
    assertThat(problem(s -> s.setResourceServer("  https://acme.halopsa.com/API/ "))).isNull();
  }

  @Test
  void eachBadFieldIsNamed() {
    assertThat(problem(s -> s.setResourceServer("not a url"))).startsWith("spec.resourceServer");
    assertThat(problem(s -> s.setResourceServer("http://acme.halopsa.com"))).startsWith("spec.resourceServer");
    assertThat(problem(s -> s.setResourceServer("https://acme.halopsa.com/?x=1"))).startsWith("spec.resourceServer");
    assertThat(problem(s -> s.setAuthServer("ftp://x"))).startsWith("spec.authServer");
    assertThat(problem(s -> s.setTenant("a b"))).startsWith("spec.tenant");
    assertThat(problem(s -> s.setCredentialsSecretRef(null))).startsWith("spec.credentialsSecretRef");
    assertThat(problem(s -> s.setPermissions(List.of("read:tickets", "READ TICKETS")))).startsWith("spec.permissions");
    assertThat(problem(s -> s.setVerifyInterval("10s"))).startsWith("spec.verifyInterval");
    assertThat(problem(s -> s.setVerifyInterval("-1m"))).startsWith("spec.verifyInterval");
    assertThat(problem(s -> s.setWebhooks(List.of(new WebhookSpec("a", "https://x.example", List.of(1)),
        new WebhookSpec("a", "https://y.example", List.of(1)))))).startsWith("spec.webhooks[1].name");
    assertThat(problem(s -> s.setWebhooks(List.of(new WebhookSpec("a", "http://x.example", List.of(1))))))
        .startsWith("spec.webhooks[0].url");
    assertThat(problem(s -> s.setWebhooks(List.of(new WebhookSpec("a", "https://x.example", List.of())))))
        .startsWith("spec.webhooks[0].events");
  }

  @Test
  void durationsReadLikeKubernetes() {
    assertThat(Durations.parse("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5m")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> Durations.parse("10")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Durations.parse("")).isInstanceOf(IllegalArgumentException.class);
  }
}
