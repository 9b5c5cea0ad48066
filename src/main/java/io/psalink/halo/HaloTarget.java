package io.psalink.halo;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to talk to one Halo tenant.
 *
 * @param tenant nullable; sent as {@code ?tenant=} on the token call (blank counts as absent)
 * @param authServerOverride nullable; else discovered through {@code /api/authinfo}, falling back to {@code {base}/auth}
 * @param scopes at least one; sent space-separated as {@code scope}: Halo hands out useless tokens without one
 * @param caPem nullable; PEM of the only CA(s) to trust for this target instead of the default trust store
 */
public record HaloTarget(HaloEndpoint endpoint,
                         String tenant,
                         URI authServerOverride,
                         HaloCredentials credentials,
                         List<String> scopes,
                         String caPem) {

  public HaloTarget {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    tenant = tenant == null || tenant.isBlank() ? null : tenant.strip();
    if (authServerOverride != null) {
      try {
        authServerOverride = HaloEndpoint.parseAuthServer(authServerOverride.toString());
      } catch (InvalidEndpointException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    scopes = normalise(scopes);
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("at least one scope is required: without one Halo issues a token that every API call rejects");
    }
    caPem = caPem == null || caPem.isBlank() ? null : caPem;
  }

  /** Scope names as the token call sends them: stripped, blanks dropped, each once, in the order given. */
  public static List<String> normalise(List<String> scopes) {
    return scopes == null ? List.of()
        : scopes.stream().filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
  }

  /** Without a private CA and an auth server override. */
  public static HaloTarget of(HaloEndpoint endpoint, String tenant, HaloCredentials credentials, List<String> scopes) {
    return new HaloTarget(endpoint, tenant, null, credentials, scopes, null);
  }
}
