package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A link between a HaloPSA tenant and the platform: what to check in Halo and which webhooks to keep there. */
@Group(HaloLink.GROUP)
@Version(HaloLink.VERSION)
@ShortNames("hl")
@Categories("psa")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = Type.STRING)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason", type = Type.STRING)
@AdditionalPrinterColumn(name = "Tenant", jsonPath = ".spec.tenant", type = Type.STRING)
@AdditionalPrinterColumn(name = "Webhooks", jsonPath = ".status.webhooksReady", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
@AdditionalPrinterColumn(name = "Message", jsonPath = ".status.conditions[?(@.type==\"Ready\")].message", type = Type.STRING, priority = 1)
public class HaloLink extends CustomResource<HaloLinkSpec, HaloLinkStatus> implements Namespaced {
  public static final String GROUP = "psalink.io";
  public static final String VERSION = "v1alpha1";
  /** Set to any new value (a timestamp, by convention) to ask for an immediate re-check. */
  public static final String REQUESTED_AT_ANNOTATION = "psalink.io/requested-at";
  /** "true" lets a deletion finish without removing webhooks from Halo (when Halo is gone for good). */
  public static final String SKIP_REMOTE_CLEANUP_ANNOTATION = "psalink.io/skip-remote-cleanup";
  public static final String FINALIZER = "psalink.io/webhooks";

  /** Never fails: a spec that cannot be read says why in {@link HaloLinkSpec#getUnreadable()}. */
  @Override
  @JsonDeserialize(using = Tolerant.Spec.class)
  public void setSpec(HaloLinkSpec spec) {
    super.setSpec(spec);
  }

  /** Never fails: a status that cannot be read is dropped, and the next pass writes it anew. */
  @Override
  @JsonDeserialize(using = Tolerant.Status.class)
  public void setStatus(HaloLinkStatus status) {
    super.setStatus(status);
  }

  @Override
  protected HaloLinkStatus initStatus() {
    return new HaloLinkStatus();
  }
}
