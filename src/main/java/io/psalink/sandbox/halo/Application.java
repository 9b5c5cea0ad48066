package io.psalink.sandbox.halo;

import java.util.Set;

/** A Halo API application ("Client ID and Secret (Services)", login type Agent). Mutable at run time. */
public final class Application {
  private volatile String clientId;
  private volatile String clientSecret;
  private volatile Set<String> permissions;
  private volatile Agent loginAs;

  Application(String clientId, String clientSecret, Set<String> permissions, Agent loginAs) {
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.permissions = validated(permissions);
    this.loginAs = loginAs;
  }

  public String clientId() { return clientId; }
  public Set<String> permissions() { return permissions; }
  public Agent loginAs() { return loginAs; }

  /** Halo's UI can change the client id when the application is saved (story 2). */
  public Application setClientId(String clientId) { this.clientId = clientId; return this; }
  public Application setClientSecret(String clientSecret) { this.clientSecret = clientSecret; return this; }
  public Application setPermissions(Set<String> permissions) { this.permissions = validated(permissions); return this; }
  public Application setLoginAs(Agent loginAs) { this.loginAs = loginAs; return this; }

  boolean secretMatches(String candidate) {
    String secret = clientSecret;
    return candidate != null && secret != null
        && java.security.MessageDigest.isEqual(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            candidate.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static Set<String> validated(Set<String> permissions) {
    for (String permission : permissions) {
      if (!Scopes.isKnown(permission)) {
        throw new IllegalArgumentException("Halo has no permission named " + permission);
      }
    }
    return Set.copyOf(permissions);
  }

  @Override
  public String toString() {
    return "Application[clientId=" + clientId + ", permissions=" + permissions + ", loginAs=" + loginAs + "]";
  }
}
