package io.psalink.api.v1alpha1;

import java.util.List;

/** The condition types of a HaloLink, in the order the checks run. */
public final class ConditionTypes {
  public static final String AUTHENTICATED = "Authenticated";
  public static final String AGENT_VERIFIED = "AgentVerified";
  public static final String PERMISSIONS_GRANTED = "PermissionsGranted";
  public static final String WEBHOOKS_REGISTERED = "WebhooksRegistered";
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";

  /** The checks whose conjunction is Ready. */
  public static final List<String> CHECKS = List.of(AUTHENTICATED, AGENT_VERIFIED, PERMISSIONS_GRANTED, WEBHOOKS_REGISTERED);

  private ConditionTypes() {}
}
