package io.psalink.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gauge {@code halolinks{ready="true|false|unknown"}}: how many links this operator knows, by
 * the status of their Ready condition. The reconciler calls {@link #update} after each status write
 * and {@link #remove} when a link is gone; the gauge counts from that map when scraped.
 */
public final class LinkReadinessGauge {
  public static final String NAME = "halolinks";
  public static final String TRUE = "true";
  public static final String FALSE = "false";
  public static final String UNKNOWN = "unknown";

  private final Map<String, String> readyByLink = new ConcurrentHashMap<>();

  public LinkReadinessGauge(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    for (String ready : new String[] {TRUE, FALSE, UNKNOWN}) {
      Gauge.builder(NAME, this, g -> g.count(ready))
          .description("HaloLinks by the status of their Ready condition")
          .tag("ready", ready)
          .register(registry);
    }
  }

  /**
   * Records a link's Ready status.
   *
   * @param namespacedName {@code namespace/name}
   * @param readyStatus the condition's status, {@code True}, {@code False} or {@code Unknown}
   *     (case-insensitive); null or anything else counts as unknown
   */
  public void update(String namespacedName, String readyStatus) {
    readyByLink.put(Objects.requireNonNull(namespacedName, "namespacedName"), normalise(readyStatus));
  }

  /** Forgets a deleted link. */
  public void remove(String namespacedName) {
    readyByLink.remove(namespacedName);
  }

  /** Current counts by tag value, every value present. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    for (String ready : new String[] {TRUE, FALSE, UNKNOWN}) {
      counts.put(ready, (long) count(ready));
    }
    return counts;
  }

  private double count(String ready) {
    return readyByLink.values().stream().filter(ready::equals).count();
  }

  private static String normalise(String status) {
    if ("true".equalsIgnoreCase(status)) {
      return TRUE;
    }
    if ("false".equalsIgnoreCase(status)) {
      return FALSE;
    }
    return UNKNOWN;
  }
}
