package io.psalink.halo;

/** A Resource Server or auth server value an admin typed that cannot be used; the message says why. */
public final class InvalidEndpointException extends Exception {
  public InvalidEndpointException(String message) {
    super(message);
  }
}
