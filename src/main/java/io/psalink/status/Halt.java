package io.psalink.status;

import io.psalink.api.v1alpha1.Reason;
import java.time.Duration;

/**
 * Why a pass stopped before every check ran. A halt whose reason {@link Reason#stalls() stalls} waits for the
 * user; any other is retried, no sooner than {@code retryAfter} when Halo asked for that.
 *
 * @param paced the operator held the pass back itself (its own request budget for the instance was spent): nothing
 *     is wrong with the link or with Halo, so a verdict already reached for this generation stands unchanged
 */
public record Halt(Reason reason, String message, Duration retryAfter, boolean paced) {
  public Halt(Reason reason, String message) {
    this(reason, message, null, false);
  }

  public Halt(Reason reason, String message, Duration retryAfter) {
    this(reason, message, retryAfter, false);
  }

  /** The operator's own budget had no slot in time: retried after {@code retryAfter}, reported only as a first verdict. */
  public static Halt paced(String message, Duration retryAfter) {
    return new Halt(Reason.RateLimited, message, retryAfter, true);
  }

  public boolean isTransient() {
    return !reason.stalls();
  }
}
