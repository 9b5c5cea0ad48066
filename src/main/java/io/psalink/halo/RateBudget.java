package io.psalink.halo;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many requests the operator sends one Halo instance in any rolling window, shared by every session (every
 * link) that talks to it: Halo limits per instance (300 to 700 per rolling 5 minutes, by the published figures),
 * so hundreds of links on one tenant must not add up past it. Callers wait for a slot, up to {@code maxWait};
 * past that the call fails with {@link HaloFailure.BudgetSpent}, a transient failure retried with backoff.
 *
 * <p>Built on resilience4j's {@link RateLimiter}, which admits {@code limitForPeriod} calls per fixed period. A fixed
 * window can admit twice its limit across a period boundary, so the window is cut into {@code n} periods of
 * {@code window / n} with {@code requests / (n + 1)} calls each: any rolling window touches at most {@code n + 1}
 * periods, so it never holds more than {@code requests} calls (and under steady demand about {@code n / (n + 1)}
 * of that, which leaves room for network jitter).
 */
public final class RateBudget {
  /** Well under the lowest published limit (300 per rolling 5 minutes). */
  public static final int DEFAULT_REQUESTS = 250;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
  private static final int MAX_PERIODS = 24;

  private final int requests;
  private final Duration window;
  private final Duration maxWait;
  private final RateLimiterConfig config;
  private final ConcurrentHashMap<String, RateLimiter> limiters = new ConcurrentHashMap<>();

  /**
   * @param requests at most this many requests to one Halo instance in any rolling {@code window}; at least 2
   * @param maxWait how long a call may wait for a slot before it fails as {@link HaloFailure.BudgetSpent}
   */
  public RateBudget(int requests, Duration window, Duration maxWait) {
    if (requests < 2) {
      throw new IllegalArgumentException("a rate budget needs at least 2 requests per window");
    }
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a rate budget needs a positive window");
    }
    this.requests = requests;
    this.window = window;
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    int periods = Math.min(MAX_PERIODS, requests - 1);
    int perPeriod = requests / (periods + 1);
    this.config = RateLimiterConfig.custom()
        .limitForPeriod(perPeriod)
        .limitRefreshPeriod(window.dividedBy(periods))
        .timeoutDuration(maxWait)
        .build();
  }

  /** {@value #DEFAULT_REQUESTS} per 5 minutes, waiting up to a minute. */
  public static RateBudget standard() {
    return new RateBudget(DEFAULT_REQUESTS, DEFAULT_WINDOW, DEFAULT_MAX_WAIT);
  }

  /** No budget: for tests of the client itself and for self-hosted instances known to be unlimited. */
  public static RateBudget unlimited() {
    return new RateBudget(Integer.MAX_VALUE, Duration.ofSeconds(1), Duration.ZERO);
  }

  public int requests() {
    return requests;
  }

  public Duration window() {
    return window;
  }

  /**
   * The most requests any rolling window can hold: {@code requests / (n + 1)} per period times {@code n + 1}
   * periods, never more than {@link #requests()}.
   */
  public int guaranteedMax() {
    int periods = Math.min(MAX_PERIODS, requests - 1);
    return config.getLimitForPeriod() * (periods + 1);
  }

  /** Waits for a slot in the budget of the instance at {@code base}; fails as BudgetSpent when none comes in time. */
  void acquire(URI base) throws HaloException {
    if (requests == Integer.MAX_VALUE) {
      return;
    }
    RateLimiter limiter = limiters.computeIfAbsent(key(base), k -> RateLimiter.of(k, config));
    if (!limiter.acquirePermission()) {
      if (Thread.currentThread().isInterrupted()) {
        throw new HaloException(new HaloFailure.Unreachable("the call was interrupted"));
      }
      throw new HaloException(new HaloFailure.BudgetSpent(requests, window, maxWait));
    }
  }

  /** One budget per Halo instance: scheme, host, port and path of the base URL, ignoring case. */
  static String key(URI base) {
    String s = base.toString().toLowerCase(Locale.ROOT);
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return requests == Integer.MAX_VALUE ? "unlimited" : requests + " requests per " + window;
  }
}
