package io.psalink.sandbox.halo;

import java.time.Instant;

/**
 * One request as the simulator saw it. Never holds a secret: the query has credential-like
 * parameters redacted, and only the presence of a bearer token is kept.
 *
 * @param path the path below the instance prefix as sent, e.g. {@code /api/Tickets}, {@code /auth/token},
 *     or {@code /token} on the separate auth host
 * @param status the status sent, or {@link #NO_RESPONSE} when the connection was closed without one
 */
public record RecordedRequest(
    String instance, String method, String path, String query, int status, Instant time,
    boolean bearer, boolean tokenRequest) {
  public static final int NO_RESPONSE = 0;
}
