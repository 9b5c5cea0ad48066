package io.psalink.sandbox.halo;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A rolling-window limit: at most {@code limit} admitted requests in any {@code window}.
 * Rejected requests are not counted, so waiting for the oldest admission to age out always frees a slot.
 */
final class RateWindow {
  private final int limit;
  private final Duration window;
  private final boolean sendRetryAfter;
  private final Deque<Long> admitted = new ArrayDeque<>();

  RateWindow(int limit, Duration window, boolean sendRetryAfter) {
    if (limit < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("rate limit needs a positive count and window");
    }
    this.limit = limit;
    this.window = window;
    this.sendRetryAfter = sendRetryAfter;
  }

  /** Admits a request at {@code nowNanos}, or answers how long until a slot frees. */
  synchronized Decision tryAcquire(long nowNanos) {
    long windowNanos = window.toNanos();
    while (!admitted.isEmpty() && nowNanos - admitted.peekFirst() >= windowNanos) {
      admitted.pollFirst();
    }
    if (admitted.size() < limit) {
      admitted.addLast(nowNanos);
      return Decision.ADMITTED;
    }
    return new Decision(false, Duration.ofNanos(admitted.peekFirst() + windowNanos - nowNanos));
  }

  boolean sendRetryAfter() {
    return sendRetryAfter;
  }

  /** Halo's wording: "Rate Limit Reached - 500 Requests per rolling 5 minute window". */
  String message() {
    long millis = window.toMillis();
    String minutes = millis % 60_000 == 0
        ? Long.toString(millis / 60_000)
        : new java.math.BigDecimal(millis).divide(java.math.BigDecimal.valueOf(60_000), 3, java.math.RoundingMode.HALF_UP)
            .stripTrailingZeros().toPlainString();
    return "Rate Limit Reached - " + limit + " Requests per rolling " + minutes + " minute window";
  }

  record Decision(boolean admitted, Duration retryAfter) {
    static final Decision ADMITTED = new Decision(true, Duration.ZERO);

    /** Whole seconds, rounded up and at least 1, as a {@code Retry-After} header carries them. */
    long retryAfterSeconds() {
      long seconds = (retryAfter.toMillis() + 999) / 1000;
      return Math.max(1, seconds);
    }
  }
}
