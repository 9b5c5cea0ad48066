package io.psalink.sandbox.halo;

import java.io.IOException;
import java.util.Map;

/** Who may call what: the bearer token, the no-scope switch, the token's scopes and the agent's role. */
final class Access {
  private final Instance instance;
  private final TokenService tokens;

  Access(Instance instance, TokenService tokens) {
    this.instance = instance;
    this.tokens = tokens;
  }

  /**
   * The grant behind the bearer token when it may use {@code permission} (null: any valid token);
   * otherwise answers 401 or 403 and returns null.
   */
  TokenService.Grant authorize(Call call, String permission) throws IOException {
    TokenService.Grant grant = tokens.grantFor(call.bearerToken());
    if (grant == null) {
      unauthorized(call);
      return null;
    }
    if (grant.scopeless()) {
      if (instance.noScopeMode() == Instance.NoScopeMode.UNAUTHORIZED) {
        unauthorized(call);
      } else {
        forbidden(call);
      }
      return null;
    }
    if (permission != null && (!grant.allows(permission) || instance.denies(grant.agent(), permission))) {
      forbidden(call);
      return null;
    }
    return grant;
  }

  private static void unauthorized(Call call) throws IOException {
    call.setHeader("WWW-Authenticate", "Bearer");
    call.empty(401);
  }

  private void forbidden(Call call) throws IOException {
    String message = "You do not have permission to access this resource.";
    switch (instance.forbiddenBody()) {
      case EMPTY -> call.empty(403);
      case TEXT -> call.text(403, message);
      case JSON -> call.json(403, Map.of("message", message));
    }
  }
}
