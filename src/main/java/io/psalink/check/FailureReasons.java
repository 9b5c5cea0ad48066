package io.psalink.check;

import io.psalink.api.v1alpha1.Reason;
import io.psalink.halo.HaloFailure;
import io.psalink.status.Halt;
import java.time.Duration;

/** Maps what went wrong talking to Halo onto the reasons an admin reads. */
final class FailureReasons {
  /** Without Retry-After, wait this long: a few seconds never escape Halo's rolling five-minute window. */
  static final Duration RATE_LIMIT_WAIT = Duration.ofSeconds(30);

  private FailureReasons() {}

  static Halt halt(HaloFailure failure, Wording w) {
    String m = failure.message();
    if (failure instanceof HaloFailure.Unreachable || failure instanceof HaloFailure.Timeout) {
      return new Halt(Reason.TenantUnreachable, m);
    }
    if (failure instanceof HaloFailure.TlsUntrusted) {
      return new Halt(Reason.CertificateUntrusted, m + " If Halo is self-hosted with a private CA, "
          + w.fixPrivateCa());
    }
    if (failure instanceof HaloFailure.TokenEndpointNotFound) {
      return new Halt(Reason.TokenEndpointNotFound, m + " Check " + w.resourceServer()
          + " (Halo's Resource Server, without /api) or set " + w.authServer() + ".");
    }
    if (failure instanceof HaloFailure.InvalidClient) {
      return new Halt(Reason.InvalidClient, m + " " + w.fixCredentials());
    }
    if (failure instanceof HaloFailure.InvalidScope) {
      return new Halt(Reason.InvalidScope, m + " Correct or remove it in " + w.permissions() + ".");
    }
    if (failure instanceof HaloFailure.InvalidRequest) {
      return new Halt(Reason.InvalidTenant, m + " Check " + w.tenant() + " against the tenant name Halo shows.");
    }
    if (failure instanceof HaloFailure.Unauthorized || failure instanceof HaloFailure.Forbidden) {
      return new Halt(Reason.TokenRejected, m + " In Halo the application's login type must be Agent, and its"
          + " permissions must include the requested scopes.");
    }
    if (failure instanceof HaloFailure.NotFound) {
      return new Halt(Reason.InvalidResourceServer, m + " Check that " + w.resourceServer()
          + " is Halo's Resource Server.");
    }
    if (failure instanceof HaloFailure.RateLimited r) {
      return new Halt(Reason.RateLimited, m, r.retryAfter() == null ? RATE_LIMIT_WAIT : r.retryAfter());
    }
    if (failure instanceof HaloFailure.BudgetSpent b) {
      // the operator's own budget: look again in a few seconds, the backoff grows while it stays spent
      return Halt.paced(m, Duration.ofSeconds(5));
    }
    // ServerError, BadResponse: Halo or a gateway in front of it misbehaves; retried, never blamed on credentials
    return new Halt(Reason.HaloUnavailable, m);
  }
}
