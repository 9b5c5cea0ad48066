package io.psalink.reconciler;

import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.halo.HaloEndpoint;
import io.psalink.halo.InvalidEndpointException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the CRD schema checks, checked again: the API server may not validate (the sandbox's does not, and
 * older servers skip CEL), and a bad spec must end in a clear InvalidSpec, never in a request to Halo.
 */
public final class SpecValidation {
  public static final Duration MIN_VERIFY_INTERVAL = Duration.ofMinutes(1);
  private static final Pattern PERMISSION = Pattern.compile("[a-z]+(:[a-z_]+)?");
  private static final Pattern WEBHOOK_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final int MAX_TEXT = 2048;
  /** Halo's longest scope names are some 20 characters; anything far longer is a paste accident. */
  public static final int MAX_PERMISSION = 64;

  private SpecValidation() {}

  /** The first problem, as a sentence naming the field; empty when the spec is usable. */
  /** Whether {@code p} has the form of a Halo permission, such as {@code read:tickets} or {@code all}. */
  public static boolean isPermission(String p) {
    return p != null && p.length() <= MAX_PERMISSION && PERMISSION.matcher(p).matches();
  }

  public static Optional<String> problem(HaloLinkSpec spec, Duration minVerifyInterval) {
    if (spec == null) {
      return Optional.of("spec is missing.");
    }
    if (spec.getUnreadable() != null) {
      return Optional.of(spec.getUnreadable());
    }
    if (spec.getResourceServer() == null || spec.getResourceServer().isBlank()) {
      return Optional.of("spec.resourceServer is required: Halo's Resource Server, e.g. https://acme.halopsa.com.");
    }
    try {
      HaloEndpoint.parse(spec.getResourceServer());
    } catch (InvalidEndpointException e) {
      return Optional.of("spec.resourceServer: " + e.getMessage());
    }
    if (spec.getAuthServer() != null && !spec.getAuthServer().isBlank()) {
      try {
        HaloEndpoint.parseAuthServer(spec.getAuthServer());
      } catch (InvalidEndpointException e) {
        return Optional.of("spec.authServer: " + e.getMessage());
      }
    }
    if (spec.getTenant() != null && (spec.getTenant().length() > 253 || !spec.getTenant().matches("[A-Za-z0-9][A-Za-z0-9._-]*"))) {
      return Optional.of("spec.tenant must be a tenant name of letters, digits, '.', '_' or '-'.");
    }
    var ref = spec.getCredentialsSecretRef();
    if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
      return Optional.of("spec.credentialsSecretRef.name is required: the Secret holding the Client ID and Secret.");
    }
    if (!KEY.matcher(ref.effectiveClientIdKey()).matches() || !KEY.matcher(ref.effectiveClientSecretKey()).matches()) {
      return Optional.of("spec.credentialsSecretRef keys may hold only letters, digits, '-', '_' and '.'.");
    }
    if (spec.getAgent() != null && (spec.getAgent().getName() == null || spec.getAgent().getName().isBlank()
        || spec.getAgent().getName().length() > 256)) {
      return Optional.of("spec.agent.name must be the name of an agent, 1 to 256 characters.");
    }
    if (spec.getPermissions() != null && spec.getPermissions().size() > 64) {
      return Optional.of("spec.permissions lists " + spec.getPermissions().size() + " entries; at most 64.");
    }
    if (spec.getPermissions() != null) {
      for (String p : spec.getPermissions()) {
        if (!isPermission(p)) {
          return Optional.of("spec.permissions: " + quote(p) + " is not a Halo permission such as read:tickets.");
        }
      }
    }
    if (spec.getVerifyInterval() != null) {
      try {
        if (Durations.parse(spec.getVerifyInterval()).compareTo(minVerifyInterval) < 0) {
          return Optional.of("spec.verifyInterval must be at least " + minVerifyInterval.toSeconds() + "s.");
        }
      } catch (IllegalArgumentException e) {
        return Optional.of("spec.verifyInterval: " + e.getMessage() + ".");
      }
    }
    Set<String> names = new HashSet<>();
    int i = 0;
    for (WebhookSpec w : spec.effectiveWebhooks()) {
      String at = "spec.webhooks[" + i++ + "]";
      if (w == null || w.getName() == null || !WEBHOOK_NAME.matcher(w.getName()).matches() || w.getName().length() > 63) {
        return Optional.of(at + ".name must be a lower-case DNS label such as alerts.");
      }
      if (!names.add(w.getName())) {
        return Optional.of(at + ".name " + w.getName() + " is used twice; webhook names must be unique in a link.");
      }
      if (w.getUrl() == null || w.getUrl().length() > MAX_TEXT || !w.getUrl().matches("https://[\\x21\\x22\\x24-\\x3e\\x40-\\x7e]+(\\?[\\x21\\x22\\x24-\\x7e]*)?")) {
        return Optional.of(at + ".url must be an https URL of printable ASCII characters without spaces or fragment (percent-encode others).");
      }
      if (w.getEvents() == null || w.getEvents().isEmpty() || w.getEvents().stream().anyMatch(e -> e == null || e < 1)) {
        return Optional.of(at + ".events needs at least one Halo event code (a positive number).");
      }
    }
    return Optional.empty();
  }

  private static String quote(String s) {
    if (s == null) {
      return "null";
    }
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"";
  }
}
