package io.psalink.api.v1alpha1;

/**
 * Every reason a HaloLink condition can carry. The README's troubleshooting table has one row per constant
 * (a test keeps them in step). {@link #stalls()} says whether the operator waits for a change by the user
 * (true) or keeps retrying by itself (false).
 */
public enum Reason {
  Succeeded(false),
  Progressing(false),
  Suspended(false),
  NotChecked(false),
  InvalidSpec(true),
  SecretNotFound(true),
  SecretKeyMissing(true),
  SecretValueInvalid(true),
  InvalidResourceServer(true),
  TenantUnreachable(false),
  CertificateUntrusted(true),
  TokenEndpointNotFound(true),
  InvalidClient(true),
  InvalidScope(true),
  InvalidTenant(true),
  TokenRejected(true),
  HaloUnavailable(false),
  RateLimited(false),
  AgentDisabled(true),
  AgentNotApiOnly(true),
  AgentMismatch(true),
  MissingPermissions(true),
  WebhookRegistrationFailed(true);

  private final boolean stalls;

  Reason(boolean stalls) {
    this.stalls = stalls;
  }

  /** True when nothing changes until the user changes the spec, a Secret, or Halo's setup. */
  public boolean stalls() {
    return stalls;
  }
}
