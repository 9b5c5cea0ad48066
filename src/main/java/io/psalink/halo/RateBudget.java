package io.psalink.halo;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * How many requests the operator sends one Halo instance in any rolling window, shared by every session (every
 * link) that talks to it: Halo limits per instance (300 to 700 per rolling 5 minutes, by the published figures),
 * so hundreds of links on one tenant must not add up past it. Callers wait for a slot, up to {@code maxWait};
 * past that the call fails with {@link HaloFailure.BudgetSpent}, a transient failure retried with backoff.
 *
 * <p>An exact sliding window: the budget remembers when each of the last {@code requests} calls was admitted, and
 * the next call goes no earlier than one window after the oldest of them. So a burst of up to {@code requests}
 * goes at once (a new link's first pass is not slowed down), and no rolling window ever holds more than
 * {@code requests} calls. Fixed-period limiters (resilience4j, Guava, token buckets) either admit up to twice their
 * limit across a period boundary or, sized to avoid that, cut bursts into small slices; neither fits a limit that
 * Halo counts over a rolling window. The window is lengthened by a small margin so that network jitter between
 * admission here and arrival at Halo cannot make two windows' worth look like one.
 */
public final class RateBudget {
  /** Well under the lowest published limit (300 per rolling 5 minutes). */
  public static final int DEFAULT_REQUESTS = 250;
  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(60);
  private static final Duration MIN_MARGIN = Duration.ofMillis(200);

  private final int requests;
  private final Duration window;
  private final Duration maxWait;
  private final long spacingNanos;
  private final ConcurrentHashMap<String, Log> logs = new ConcurrentHashMap<>();

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
    Duration margin = window.dividedBy(50).compareTo(MIN_MARGIN) > 0 ? window.dividedBy(50) : MIN_MARGIN;
    this.spacingNanos = window.plus(margin).toNanos();
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

  /** Waits for a slot in the budget of the instance at {@code base}; fails as BudgetSpent when none comes in time. */
  void acquire(URI base) throws HaloException {
    if (requests == Integer.MAX_VALUE) {
      return;
    }
    long admitAt = logs.computeIfAbsent(key(base), k -> new Log(requests))
        .reserve(System.nanoTime(), spacingNanos, maxWait.toNanos());
    if (admitAt == Long.MIN_VALUE) {
      throw new HaloException(new HaloFailure.BudgetSpent(requests, window, maxWait));
    }
    long wait;
    while ((wait = admitAt - System.nanoTime()) > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.currentThread().isInterrupted()) {
        // the reserved slot stays spent: the budget errs on the side of sending less
        throw new HaloException(new HaloFailure.Unreachable("the call was interrupted"));
      }
    }
  }

  /** One budget per Halo instance: scheme, host, port and path of the base URL, ignoring case. */
  static String key(URI base) {
    String s = base.toString().toLowerCase(Locale.ROOT);
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public String toString() {
    return requests == Integer.MAX_VALUE ? "unlimited" : requests + " requests per " + HaloFailure.BudgetSpent.human(window);
  }

  /**
   * The admission times of the last {@code capacity} calls to one instance, oldest first in a ring. Admission
   * times never decrease, and each is at least one spacing after the one {@code capacity} calls before it: so
   * any window shorter than the spacing holds at most {@code capacity} of them.
   */
  private static final class Log {
    private final long[] admitted;
    private int oldest;
    private int filled;
    private long last = Long.MIN_VALUE;

    Log(int capacity) {
      admitted = new long[capacity];
    }

    /** The nano time at which the caller may send, or {@code Long.MIN_VALUE} when that is more than maxWait away. */
    synchronized long reserve(long now, long spacing, long maxWait) {
      long at = now;
      if (filled == admitted.length) {
        at = Math.max(at, admitted[oldest] + spacing);
      }
      at = Math.max(at, last);
      if (at - now > maxWait) {
        return Long.MIN_VALUE;
      }
      if (filled < admitted.length) {
        admitted[(oldest + filled) % admitted.length] = at;
        filled++;
      } else {
        admitted[oldest] = at;
        oldest = (oldest + 1) % admitted.length;
      }
      last = at;
      return at;
    }
  }
}
