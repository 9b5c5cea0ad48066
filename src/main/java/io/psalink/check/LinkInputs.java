package io.psalink.check;

import io.psalink.halo.HaloTarget;
import java.util.List;

/**
 * Everything one check of a link needs, resolved from a HaloLink and its Secrets (or from flags).
 *
 * @param owner names the link in the marker of the webhooks it owns, e.g. {@code psa/acme}
 */
public record LinkInputs(HaloTarget target, List<String> permissions, String expectedAgent,
    List<DesiredWebhook> webhooks, String owner) {

  public LinkInputs {
    // checked as the token call asks for them: a permission listed twice is checked once
    permissions = HaloTarget.normalise(permissions);
  }

  /** A webhook as the spec wants it in Halo, with its Basic auth credentials resolved. */
  public record DesiredWebhook(String name, String url, List<Integer> events, String username, String password) {
    @Override
    public String toString() {
      return "DesiredWebhook[name=" + name + ", url=" + url + ", events=" + events + "]";
    }
  }
}
