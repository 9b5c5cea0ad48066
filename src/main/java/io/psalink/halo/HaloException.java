package io.psalink.halo;

import java.util.Objects;

/** A call to Halo that failed; {@link #failure()} says how, as data. */
public final class HaloException extends Exception {

  private final transient HaloFailure failure;

  public HaloException(HaloFailure failure) {
    this(failure, null);
  }

  /** {@code cause} must be a transport exception whose message holds no body, token or secret. */
  public HaloException(HaloFailure failure, Throwable cause) {
    super(Objects.requireNonNull(failure, "failure").message(), cause);
    this.failure = failure;
  }

  public HaloFailure failure() {
    return failure;
  }
}
