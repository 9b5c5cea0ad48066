package io.psalink.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {
  @Test
  void registryCarriesJvmMeters() {
    PrometheusMeterRegistry registry = OperatorMetrics.newRegistry();
    assertThat(registry.scrape()).contains("jvm_memory_used_bytes").contains("process_uptime_seconds");
  }

  @Test
  void josdkMetricsRecordIntoTheRegistry() {
    PrometheusMeterRegistry registry = OperatorMetrics.newRegistry();
    Metrics metrics = OperatorMetrics.josdk(registry);
    assertThat(metrics).isInstanceOf(MicrometerMetrics.class);

    Map<String, String> cache = metrics.monitorSizeOf(new HashMap<>(Map.of("a", "b")), "links.cache");

    assertThat(cache).hasSize(1);
    assertThat(registry.getMeters()).anyMatch(m -> m.getId().getName().contains("links.cache"));
  }
}
