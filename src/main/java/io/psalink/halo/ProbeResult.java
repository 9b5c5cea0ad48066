package io.psalink.halo;

/** What a one-item GET says about a permission. */
public enum ProbeResult {
  /** The guarded list answered 200. */
  GRANTED,
  /** The guarded list answered 403. */
  FORBIDDEN,
  /** No side-effect-free request tells (write permissions, {@code all}, unknown names); nothing was sent. */
  NOT_PROBEABLE
}
