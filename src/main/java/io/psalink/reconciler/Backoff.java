package io.psalink.reconciler;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential backoff with jitter per link, for transient Halo problems: 2 s, 4 s, 8 s, ... up to 5 minutes,
 * never sooner than Halo's Retry-After. Forgotten once a pass gets through.
 */
public final class Backoff {
  private final IntervalFunction intervals;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();

  public Backoff(Duration initial, Duration max) {
    this.intervals = IntervalFunction.ofExponentialRandomBackoff(initial, 2.0, 0.2, max);
  }

  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5));
  }

  /** The wait before the next attempt for {@code key}, counting this failure. */
  public Duration next(String key, Duration atLeast) {
    int attempt = attempts.merge(key, 1, Integer::sum);
    Duration wait = Duration.ofMillis(intervals.apply(Math.min(attempt, 30)));
    return atLeast != null && atLeast.compareTo(wait) > 0 ? atLeast : wait;
  }

  public void reset(String key) {
    attempts.remove(key);
  }
}
