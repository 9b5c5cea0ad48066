package io.psalink.sandbox.halo;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Halo's API scope names and the implication rules between them. */
public final class Scopes {
  public static final String ALL = "all";
  public static final String ALL_TEAMS = "all:teams";
  public static final String ADMIN = "admin";
  public static final String ADMIN_WEBHOOKS = "admin:webhooks";

  /** The ten permissions the operator asks for, in DESIGN.md order. */
  public static final List<String> OPERATOR_PERMISSIONS = List.of(
      ADMIN_WEBHOOKS, "read:tickets", "edit:tickets", "read:customers", "read:contracts",
      "edit:contracts", "read:items", "edit:items", "read:invoices", "edit:invoices");

  /** Every scope the token endpoint accepts; anything else is {@code invalid_scope}. */
  public static final Set<String> KNOWN;

  static {
    Set<String> known = new LinkedHashSet<>(OPERATOR_PERMISSIONS);
    known.add(ALL);
    known.add(ALL_TEAMS);
    known.add(ADMIN);
    KNOWN = Set.copyOf(known);
  }

  private Scopes() {}

  public static boolean isKnown(String scope) {
    return KNOWN.contains(scope);
  }

  /** True when holding {@code held} grants {@code required}: umbrellas imply all, edit:X implies read:X. */
  public static boolean implies(Collection<String> held, String required) {
    if (held.contains(required) || held.contains(ALL) || held.contains(ADMIN)) {
      return true;
    }
    return required.startsWith("read:") && held.contains("edit:" + required.substring(5));
  }

  /** True for scopes that stand for every other scope. */
  static boolean isUmbrella(String scope) {
    return ALL.equals(scope) || ADMIN.equals(scope);
  }

  /** The concrete scopes (no umbrellas) that {@code held} implies. */
  static Set<String> concreteScopesOf(Collection<String> held) {
    Set<String> out = new LinkedHashSet<>();
    for (String scope : KNOWN) {
      if (!isUmbrella(scope) && implies(held, scope)) {
        out.add(scope);
      }
    }
    return out;
  }
}
