package io.psalink.check;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The marker the operator writes into a Halo webhook's {@code note} to recognise the webhooks it owns. Halo's list
 * filters cannot be trusted (unknown parameters are ignored), so ownership is always decided here, client-side.
 *
 * <p>It also carries a fingerprint of the Basic auth credentials, because Halo does not return the password:
 * a changed password is noticed by its fingerprint. The fingerprint is an HMAC-SHA256 keyed with the link's client
 * secret, cut to 64 bits: whoever can read webhooks in Halo but does not hold that secret cannot test guesses of
 * the password against it. (A new client secret changes every fingerprint: each webhook is written once more.)
 */
public record WebhookMarker(String owner, String webhook, String authFingerprint) {
  private static final Pattern MARKER =
      Pattern.compile("\\[psalink:(?<owner>[^\\s\\]#]+)#(?<webhook>[^\\s\\]]+?)(?: auth=(?<auth>[0-9a-f]+))?\\]");

  /** @param key the HMAC key of the fingerprint: the link's client secret */
  public static WebhookMarker of(String owner, String webhook, String username, String password, String key) {
    return new WebhookMarker(owner, webhook, fingerprint(owner, webhook, username, password, key));
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

  static String fingerprint(String owner, String webhook, String username, String password, String key) {
    if (username == null && password == null) {
      return null;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(java.util.Objects.requireNonNull(key, "key").getBytes(StandardCharsets.UTF_8),
          "HmacSHA256"));
      byte[] digest = mac.doFinal((owner + "#" + webhook + "\n" + username + "\n" + password)
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is always available", e);
    }
  }
}
