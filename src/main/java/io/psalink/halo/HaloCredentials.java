package io.psalink.halo;

import java.util.Objects;

/** Client ID and secret of a Halo API application; {@link #toString()} never shows the secret. */
public record HaloCredentials(String clientId, String clientSecret) {

  public HaloCredentials {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(clientSecret, "clientSecret");
  }

  @Override
  public String toString() {
    return "HaloCredentials[clientId=" + clientId + ", clientSecret=***]";
  }
}
