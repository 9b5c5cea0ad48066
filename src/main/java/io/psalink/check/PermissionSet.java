package io.psalink.check;

import static io.psalink.api.v1alpha1.ConditionTypes.PERMISSIONS_GRANTED;

import io.psalink.api.v1alpha1.HaloLinkStatus.PermissionsStatus;
import io.psalink.api.v1alpha1.Reason;
import io.psalink.halo.AccessToken;
import io.psalink.halo.HaloException;
import io.psalink.halo.HaloFailure;
import io.psalink.halo.HaloPermissions;
import io.psalink.halo.HaloSession;
import io.psalink.halo.HaloWebhook;
import io.psalink.halo.ProbeResult;
import io.psalink.status.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Decides which permissions the API application has. A permission is granted when the token's scope lists it
 * (if Halo said) and, when it can be probed without side effects, its probe answers 200; a 403 makes it
 * missing. Write permissions Halo did not confirm in the token's scope are unverified: reported, not blocking.
 */
final class PermissionSet {
  static final String WEBHOOK_PERMISSION = "admin:webhooks";

  enum ListResult { GRANTED, FORBIDDEN, FAILED }

  record Outcome(PermissionsStatus status, Finding finding) {}

  private PermissionSet() {}

  /** Whether a token scope list covers a permission: listed, implied by edit:x, or by all/admin. */
  static boolean covers(Set<String> scopes, String permission) {
    if (scopes.contains(permission) || scopes.contains("all") || scopes.contains("admin")) {
      return true;
    }
    return scopes.stream().anyMatch(s -> HaloPermissions.implied(s).contains(permission));
  }

  static boolean isForbidden(HaloException e) {
    return e.failure() instanceof HaloFailure.Forbidden;
  }

  /**
   * Starts the probes that are needed. {@code coveredByList} names a permission whose probe is the webhook list
   * the pass makes anyway (null when there is none).
   */
  static Probes probe(List<String> permissions, AccessToken token, HaloSession session, Executor parallel,
      String coveredByList) {
    Optional<Set<String>> scopes = token.grantedScopes();
    Map<String, CompletableFuture<ProbeResult>> probes = new LinkedHashMap<>();
    for (String p : permissions) {
      boolean ruledOutByScope = scopes.isPresent() && !covers(scopes.get(), p);
      if (ruledOutByScope || p.equals(coveredByList) || HaloPermissions.probePath(p).isEmpty()) {
        continue;
      }
      probes.put(p, CompletableFuture.supplyAsync(() -> {
        try {
          return session.probe(p);
        } catch (HaloException e) {
          throw new CompletionException(e);
        }
      }, parallel));
    }
    return new Probes(permissions, scopes, probes, coveredByList);
  }

  static final class Probes {
    private final List<String> permissions;
    private final Optional<Set<String>> scopes;
    private final Map<String, CompletableFuture<ProbeResult>> probes;
    private final String coveredByList;

    private Probes(List<String> permissions, Optional<Set<String>> scopes,
        Map<String, CompletableFuture<ProbeResult>> probes, String coveredByList) {
      this.permissions = permissions;
      this.scopes = scopes;
      this.probes = probes;
      this.coveredByList = coveredByList;
    }

    /** Waits for the probes and decides; a probe that failed for another reason than 403 halts the pass. */
    Outcome outcome(ListResult webhookList) throws HaloException {
      List<String> granted = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      List<String> unverified = new ArrayList<>();
      HaloException firstError = null;
      for (String p : permissions) {
        if (scopes.isPresent() && !covers(scopes.get(), p)) {
          missing.add(p);
        } else if (p.equals(coveredByList) && webhookList != null) {
          if (webhookList == ListResult.GRANTED) {
            granted.add(p);
          } else if (webhookList == ListResult.FORBIDDEN) {
            missing.add(p);
          } else {
            unverified.add(p); // the webhook step reports the failure itself
          }
        } else if (probes.containsKey(p)) {
          try {
            ProbeResult r = LinkCheck.await(probes.get(p));
            (r == ProbeResult.FORBIDDEN ? missing : granted).add(p);
          } catch (HaloException e) {
            if (firstError == null) {
              firstError = e;
            }
          }
        } else if (scopes.isPresent()) {
          granted.add(p);
        } else {
          unverified.add(p);
        }
      }
      if (firstError != null) {
        throw firstError;
      }
      PermissionsStatus status = new PermissionsStatus(granted, missing, unverified);
      return new Outcome(status, finding(status));
    }
  }

  static Finding finding(PermissionsStatus s) {
    if (!s.missing().isEmpty()) {
      return Finding.failed(PERMISSIONS_GRANTED, Reason.MissingPermissions, "The API application lacks "
          + String.join(", ", s.missing()) + ". In Halo open Configuration > Integrations > HaloPSA API > View"
          + " Applications > the application > Permissions, enable them and save; the login-as agent's role must"
          + " allow them too.");
    }
    String message = s.granted().size() + " permission" + (s.granted().size() == 1 ? "" : "s") + " granted.";
    if (!s.unverified().isEmpty()) {
      message += " Halo did not say whether " + String.join(", ", s.unverified()) + " are granted; they cannot be"
          + " checked without side effects, so verify them in the application's Permissions tab.";
    }
    return Finding.passed(PERMISSIONS_GRANTED, message);
  }
}
