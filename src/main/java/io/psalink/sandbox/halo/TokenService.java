package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Halo's authorisation server for one instance: the client-credentials token call and the tokens it issued. */
final class TokenService {
  /** What an issued token stands for. {@code scopes} is empty and {@code scopeless} true when none was asked. */
  record Grant(Application application, Agent agent, Set<String> scopes, boolean scopeless, Instant expiresAt) {
    boolean allows(String permission) {
      return Scopes.implies(scopes, permission);
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Instance instance;
  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final java.util.Set<String> everIssued = ConcurrentHashMap.newKeySet();

  TokenService(Instance instance) {
    this.instance = instance;
  }

  /** The grant behind a bearer token, or null when it is unknown or expired. */
  Grant grantFor(String token) {
    if (token == null) {
      return null;
    }
    Grant grant = grants.get(token);
    if (grant == null) {
      return null;
    }
    if (!Instant.now().isBefore(grant.expiresAt())) {
      grants.remove(token);
      return null;
    }
    return grant;
  }

  /** Every token ever issued, revoked and expired ones included (for leak scans). */
  List<String> everIssued() {
    return List.copyOf(everIssued);
  }

  void revokeAll() {
    grants.clear();
  }

  void handleTokenCall(Call call) throws IOException {
    if (!"POST".equals(call.method())) {
      call.setHeader("Allow", "POST");
      call.empty(405);
      return;
    }
    String contentType = call.header("Content-Type");
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      call.error(400, "invalid_request", "The token request must be form-encoded.");
      return;
    }
    Map<String, String> form = call.formBody();
    if (!"client_credentials".equals(form.get("grant_type"))) {
      call.error(400, "unsupported_grant_type", null);
      return;
    }
    String requiredTenant = instance.requiredTenant();
    if (requiredTenant != null && !requiredTenant.equalsIgnoreCase(call.query("tenant"))) {
      if (instance.wrongTenantMode() == Instance.WrongTenantMode.INVALID_CLIENT) {
        call.error(401, "invalid_client", null);
      } else {
        call.error(400, "invalid_request", "Unknown tenant.");
      }
      return;
    }
    String submittedSecret = form.get("client_secret");
    Application application = instance.findApplication(form.get("client_id"));
    if (application == null || !application.secretMatches(submittedSecret)) {
      String description = instance.echoSecretInErrors()
          ? "Client authentication failed for secret " + submittedSecret
          : "Client authentication failed.";
      call.error(401, "invalid_client", description);
      return;
    }
    List<String> requested = splitScope(form.get("scope"));
    for (String scope : requested) {
      if (!Scopes.isKnown(scope)) {
        call.error(400, "invalid_scope", "The scope '" + scope + "' is not valid.");
        return;
      }
    }
    issue(call, application, requested);
  }

  private void issue(Call call, Application application, List<String> requested) throws IOException {
    Set<String> granted = grantedScopes(requested, application.permissions());
    Duration lifetime = instance.tokenLifetime();
    Agent agent = application.loginAs();
    Instant now = Instant.now();
    String token = B64.encodeToString(randomBytes(32));
    everIssued.add(token);
    grants.put(token, new Grant(application, agent, Set.copyOf(granted), requested.isEmpty(), now.plus(lifetime)));

    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("access_token", token);
    body.put("token_type", "Bearer");
    body.put("expires_in", Math.max(1, (lifetime.toMillis() + 999) / 1000));
    if (instance.echoScope() && !requested.isEmpty()) {
      body.put("scope", String.join(" ", granted));
    }
    if (instance.idToken()) {
      body.put("id_token", idToken(application, agent, now, lifetime));
    }
    call.setHeader("Cache-Control", "no-store");
    call.json(200, body);
  }

  /**
   * Requested ∩ permitted, with implication: a requested scope the application holds is kept as asked;
   * an umbrella the application lacks ("all") is narrowed to the concrete scopes the application has.
   */
  static Set<String> grantedScopes(List<String> requested, Set<String> permitted) {
    Set<String> granted = new LinkedHashSet<>();
    for (String scope : requested) {
      if (Scopes.implies(permitted, scope)) {
        granted.add(scope);
      } else if (Scopes.isUmbrella(scope)) {
        granted.addAll(Scopes.concreteScopesOf(permitted));
      }
    }
    return granted;
  }

  private String idToken(Application application, Agent agent, Instant now, Duration lifetime) {
    ObjectNode header = Json.MAPPER.createObjectNode().put("alg", "none").put("typ", "JWT");
    ObjectNode claims = Json.MAPPER.createObjectNode()
        .put("iss", instance.authUrl())
        .put("aud", application.clientId())
        .put("sub", String.valueOf(agent.id()))
        .put("name", agent.name())
        .put("iat", now.getEpochSecond())
        .put("exp", now.plus(lifetime).getEpochSecond());
    return B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
  }

  private static List<String> splitScope(String scope) {
    List<String> scopes = new ArrayList<>();
    if (scope != null) {
      for (String s : scope.trim().split("\\s+")) {
        if (!s.isEmpty() && !scopes.contains(s)) {
          scopes.add(s);
        }
      }
    }
    return scopes;
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
