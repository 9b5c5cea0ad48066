package io.psalink.halo;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A bearer token; {@link #toString()} hides the value.
 *
 * @param grantedScopes the {@code scope} of the token response, empty when Halo did not say
 */
public record AccessToken(String value, Instant expiresAt, Optional<Set<String>> grantedScopes) {

  public AccessToken {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(expiresAt, "expiresAt");
    grantedScopes = grantedScopes == null ? Optional.empty() : grantedScopes.map(Set::copyOf);
  }

  @Override
  public String toString() {
    return "AccessToken[value=***, expiresAt=" + expiresAt + ", grantedScopes=" + grantedScopes + "]";
  }
}
