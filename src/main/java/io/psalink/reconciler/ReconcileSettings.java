package io.psalink.reconciler;

import java.time.Duration;

/**
 * Operator-wide knobs of the reconciler.
 *
 * @param defaultVerifyInterval used when a link sets none
 * @param minVerifyInterval the shortest interval accepted (1m in production; tests go lower)
 */
public record ReconcileSettings(Duration defaultVerifyInterval, Duration minVerifyInterval) {
  public static ReconcileSettings defaults() {
    return new ReconcileSettings(Duration.ofMinutes(10), SpecValidation.MIN_VERIFY_INTERVAL);
  }
}
