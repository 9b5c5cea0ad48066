package io.psalink.check;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marker the operator writes into a Halo webhook's {@code note} to recognise the webhooks it owns. Halo's list
 * filters cannot be trusted (unknown parameters are ignored), so ownership is always decided here, client-side.
 *
 * <p>It also carries a fingerprint of the Basic auth credentials, because Halo does not return the password:
 * a changed password is noticed by its fingerprint, and the fingerprint does not reveal the password.
 */
public record WebhookMarker(String owner, String webhook, String authFingerprint) {
  private static final Pattern MARKER =
      Pattern.compile("\\[psalink:(?<owner>[^\\s\\]#]+)#(?<webhook>[^\\s\\]]+?)(?: auth=(?<auth>[0-9a-f]+))?\\]");

  public static WebhookMarker of(String owner, String webhook, String username, String password) {
    return new WebhookMarker(owner, webhook, fingerprint(owner, webhook, username, password));
  }

  public static Optional<WebhookMarker> parse(String note) {
    if (note == null) {
      return Optional.empty();
    }
    Matcher m = MARKER.matcher(note);
    return m.find() ? Optional.of(new WebhookMarker(m.group("owner"), m.group("webhook"), m.group("auth")))
        : Optional.empty();
  }

  public String note() {
    return "Managed by psa-link-operator for HaloLink " + owner + "; edits are reverted. [psalink:" + owner + "#"
        + webhook + (authFingerprint == null ? "" : " auth=" + authFingerprint) + "]";
  }

  static String fingerprint(String owner, String webhook, String username, String password) {
    if (username == null && password == null) {
      return null;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
          (owner + "#" + webhook + "\n" + username + "\n" + password).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
