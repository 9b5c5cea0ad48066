package io.psalink.status;

import io.psalink.api.v1alpha1.Reason;

/** What one check found: the raw material of one condition. */
public record Finding(String type, Verdict verdict, Reason reason, String message) {
  public enum Verdict { True, False, Unknown }

  public static Finding passed(String type, String message) {
    return new Finding(type, Verdict.True, Reason.Succeeded, message);
  }

  public static Finding failed(String type, Reason reason, String message) {
    return new Finding(type, Verdict.False, reason, message);
  }

  public boolean isTrue() {
    return verdict == Verdict.True;
  }
}
