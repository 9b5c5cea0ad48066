package io.psalink.status;

import io.psalink.api.v1alpha1.Reason;
import java.time.Duration;

/**
 * Why a pass stopped before every check ran. A halt whose reason {@link Reason#stalls() stalls} waits for the
 * user; any other is retried, no sooner than {@code retryAfter} when Halo asked for that.
 */
public record Halt(Reason reason, String message, Duration retryAfter) {
  public Halt(Reason reason, String message) {
    this(reason, message, null);
  }

  public boolean isTransient() {
    return !reason.stalls();
  }
}
