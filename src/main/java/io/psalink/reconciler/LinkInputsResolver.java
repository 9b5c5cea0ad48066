package io.psalink.reconciler;

import io.fabric8.kubernetes.api.model.Secret;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.api.v1alpha1.Reason;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.check.LinkInputs;
import io.psalink.check.LinkInputs.DesiredWebhook;
import io.psalink.halo.HaloCredentials;
import io.psalink.halo.HaloEndpoint;
import io.psalink.halo.HaloTarget;
import io.psalink.halo.InvalidEndpointException;
import io.psalink.status.Halt;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a HaloLink and the Secrets it names into the inputs of a check, or into the reason it cannot run.
 * Secret values are trimmed (a trailing newline from {@code echo} is the usual accident) and must be text.
 */
public final class LinkInputsResolver {
  private final Function<String, Optional<Secret>> secrets;

  /** @param secrets looks a Secret up by name in the link's namespace */
  public LinkInputsResolver(Function<String, Optional<Secret>> secrets) {
    this.secrets = secrets;
  }

  /** Either inputs or a halt, never both. */
  public record Resolution(LinkInputs inputs, Halt halt) {}

  /** Everything a pass needs: target, credentials, CA and the webhooks with their passwords. */
  public Resolution resolve(HaloLink link) {
    return resolve(link, true);
  }

  /**
   * What removing the link's webhooks from Halo needs: the target and its credentials; the webhooks are found by
   * their marker, so the spec's webhook list and its passwords are neither read nor required.
   */
  public Resolution resolveForRemoval(HaloLink link) {
    return resolve(link, false);
  }

  private Resolution resolve(HaloLink link, boolean withWebhooks) {
    HaloLinkSpec spec = link.getSpec();
    if (spec == null || spec.getUnreadable() != null) {
      return new Resolution(null, new Halt(Reason.InvalidSpec, spec == null ? "spec is missing."
          : spec.getUnreadable()));
    }
    try {
      var ref = spec.getCredentialsSecretRef();
      if (ref == null || ref.getName() == null || ref.getName().isBlank()) {
        throw new Unresolved(new Halt(Reason.InvalidSpec, "spec.credentialsSecretRef.name is required: the Secret"
            + " that holds the API application's Client ID and Client Secret."));
      }
      String clientId = value(ref.getName(), ref.effectiveClientIdKey(), "spec.credentialsSecretRef", true);
      String clientSecret = value(ref.getName(), ref.effectiveClientSecretKey(), "spec.credentialsSecretRef", true);
      String caPem = spec.getCaSecretRef() == null ? null
          : value(spec.getCaSecretRef().getName(), spec.getCaSecretRef().effectiveKey(), "spec.caSecretRef", false);
      if (caPem != null && !io.psalink.halo.PrivateCa.holdsCertificate(caPem)) {
        throw new Unresolved(new Halt(Reason.SecretValueInvalid, "Key " + spec.getCaSecretRef().effectiveKey()
            + " of Secret " + spec.getCaSecretRef().getName() + " (spec.caSecretRef) holds no PEM certificate: put"
            + " the private CA's certificate there, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----."));
      }
      List<DesiredWebhook> webhooks = new ArrayList<>();
      for (WebhookSpec w : withWebhooks ? spec.effectiveWebhooks() : List.<WebhookSpec>of()) {
        String user = null;
        String password = null;
        var auth = w.getBasicAuthSecretRef();
        if (auth != null) {
          String field = "spec.webhooks[" + w.getName() + "].basicAuthSecretRef";
          user = value(auth.getName(), auth.effectiveUsernameKey(), field, true);
          password = value(auth.getName(), auth.effectivePasswordKey(), field, true);
        }
        webhooks.add(new DesiredWebhook(w.getName(), w.getUrl(), w.getEvents(), user, password));
      }
      HaloEndpoint endpoint = HaloEndpoint.parse(spec.getResourceServer());
      URI auth = spec.getAuthServer() == null || spec.getAuthServer().isBlank() ? null
          : HaloEndpoint.parseAuthServer(spec.getAuthServer());
      String tenant = spec.getTenant() == null || spec.getTenant().isBlank() ? null : spec.getTenant().trim();
      HaloTarget target = new HaloTarget(endpoint, tenant, auth, new HaloCredentials(clientId, clientSecret),
          spec.effectivePermissions(), caPem);
      String agent = spec.getAgent() == null ? null : spec.getAgent().getName();
      String owner = link.getMetadata().getNamespace() + "/" + link.getMetadata().getName();
      return new Resolution(new LinkInputs(target, spec.effectivePermissions(), agent, webhooks, owner), null);
    } catch (Unresolved u) {
      return new Resolution(null, u.halt);
    } catch (InvalidEndpointException e) {
      return new Resolution(null, new Halt(Reason.InvalidResourceServer, e.getMessage()));
    }
  }

  private String value(String secretName, String key, String field, boolean singleLine) {
    if (secretName == null || secretName.isBlank()) {
      throw new Unresolved(new Halt(Reason.InvalidSpec, field + ".name is required."));
    }
    Secret secret = secrets.apply(secretName).orElseThrow(() -> new Unresolved(new Halt(Reason.SecretNotFound,
        "Secret " + secretName + " (" + field + ") does not exist in this namespace: create it with the keys the"
            + " link names.")));
    byte[] raw = null;
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        raw = Base64.getDecoder().decode(secret.getData().get(key).trim());
      } catch (IllegalArgumentException e) {
        throw new Unresolved(new Halt(Reason.SecretValueInvalid, "Key " + key + " of Secret " + secretName
            + " is not valid base64."));
      }
    } else if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      raw = secret.getStringData().get(key).getBytes(StandardCharsets.UTF_8);
    }
    if (raw == null) {
      throw new Unresolved(new Halt(Reason.SecretKeyMissing, "Secret " + secretName + " has no key " + key + " ("
          + field + "): add it, or point the link at the key that holds the value."));
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString().strip();
    } catch (CharacterCodingException e) {
      throw new Unresolved(new Halt(Reason.SecretValueInvalid, "Key " + key + " of Secret " + secretName
          + " does not hold text: paste the value Halo shows, as plain text."));
    }
    if (text.isEmpty()) {
      throw new Unresolved(new Halt(Reason.SecretKeyMissing, "Key " + key + " of Secret " + secretName
          + " is empty: put the value Halo shows there."));
    }
    if (singleLine && text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new Unresolved(new Halt(Reason.SecretValueInvalid, "Key " + key + " of Secret " + secretName
          + " holds control characters: paste the value Halo shows, as plain text."));
    }
    return text;
  }

  /** Carries a halt out of the nested lookups; never escapes this class. */
  private static final class Unresolved extends RuntimeException {
    private final transient Halt halt;

    Unresolved(Halt halt) {
      super(null, null, false, false);
      this.halt = halt;
    }
  }
}
