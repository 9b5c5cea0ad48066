package io.psalink.check;

/**
 * How the checks' messages name what the user set: the spec fields of a HaloLink for the operator, the flags for
 * the {@code check} command. Each message says what to change, in the words of where it is changed.
 */
public record Wording(String resourceServer, String authServer, String tenant, String permissions, String agentName,
    String fixCredentials, String fixPrivateCa) {

  /** The operator: fields of the HaloLink and its Secrets. */
  public static final Wording HALO_LINK = new Wording("spec.resourceServer", "spec.authServer", "spec.tenant",
      "spec.permissions", "spec.agent.name", "Put the right values in the credentials Secret.",
      "put the CA certificate in a Secret and set spec.caSecretRef.");

  /** The {@code check} command: its flags. */
  public static final Wording COMMAND_LINE = new Wording("--resource-server", "--auth-server", "--tenant",
      "--permission", "--agent", "Check --client-id and the client secret.",
      "pass the CA certificate with --ca-file.");
}
