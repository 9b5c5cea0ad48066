package io.psalink.halo;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Halo permission (scope) names: which list proves a permission, and which permissions imply others. */
public final class HaloPermissions {

  /** Read permissions and the list each guards (a guess from the names: Halo publishes no table). */
  private static final Map<String, String> PROBES = Map.of(
      "read:tickets", "/Tickets",
      "read:customers", "/Client",
      "read:contracts", "/ClientContract",
      "read:items", "/Item",
      "read:invoices", "/Invoice",
      // GET /Webhook has no side effect, so the admin permission can be probed like a read
      "admin:webhooks", "/Webhook");

  private HaloPermissions() {}

  /**
   * The list under {@code /api} whose one-item GET proves {@code permission}, e.g. {@code "/Tickets"};
   * empty for write permissions, {@code all}, {@code all:teams}, {@code admin} and unknown names.
   */
  public static Optional<String> probePath(String permission) {
    return permission == null ? Optional.empty() : Optional.ofNullable(PROBES.get(normalise(permission)));
  }

  /** The permissions a grant of {@code permission} also gives, not including itself: {@code edit:x} implies {@code read:x}. */
  public static Set<String> implied(String permission) {
    if (permission == null) {
      return Set.of();
    }
    String p = normalise(permission);
    if (p.startsWith("edit:") && p.length() > "edit:".length()) {
      return Set.of("read:" + p.substring("edit:".length()));
    }
    return Set.of();
  }

  /** {@code permissions} with everything they imply, normalised to lower case, in a stable order. */
  public static Set<String> withImplied(Collection<String> permissions) {
    Set<String> all = new LinkedHashSet<>();
    for (String p : permissions) {
      if (p != null && !p.isBlank()) {
        all.add(normalise(p));
        all.addAll(implied(p));
      }
    }
    return all;
  }

  static String normalise(String permission) {
    return permission.strip().toLowerCase(Locale.ROOT);
  }
}
