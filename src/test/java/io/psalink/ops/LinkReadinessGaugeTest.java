package io.psalink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkReadinessGaugeTest {
  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  final LinkReadinessGauge links = new LinkReadinessGauge(registry);

  @Test
  void countsLinksByReadyStatus() {
    links.update("psa/acme", "True");
    links.update("psa/globex", "True");
    links.update("psa/initech", "False");
    links.update("other/new", null);

    assertThat(links.counts()).isEqualTo(Map.of("true", 2L, "false", 1L, "unknown", 1L));
    assertThat(registry.scrape())
        .contains("halolinks{ready=\"true\"} 2.0")
        .contains("halolinks{ready=\"false\"} 1.0")
        .contains("halolinks{ready=\"unknown\"} 1.0");
  }

  @Test
  void aTransitionMovesTheLinkAndRemovalForgetsIt() {
    links.update("psa/acme", "False");
    links.update("psa/acme", "true");
    assertThat(links.counts()).isEqualTo(Map.of("true", 1L, "false", 0L, "unknown", 0L));

    links.remove("psa/acme");
    links.remove("psa/never-seen");
    assertThat(links.counts()).isEqualTo(Map.of("true", 0L, "false", 0L, "unknown", 0L));
    assertThat(registry.get(LinkReadinessGauge.NAME).tag("ready", "true").gauge().value()).isZero();
  }

  @Test
  void oddStatusesCountAsUnknown() {
    links.update("psa/acme", "Unknown");
    links.update("psa/globex", "maybe");
    assertThat(links.counts().get("unknown")).isEqualTo(2L);
  }
}
