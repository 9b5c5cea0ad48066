package io.psalink.reconciler;

import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import io.psalink.api.v1alpha1.HaloLink;
import java.util.Objects;

/**
 * Lets through the updates of a HaloLink that ask for work: a spec change (generation), a re-check request
 * (annotation), a deletion, or the loss of the operator's finalizer (to put it back). The operator's own writes,
 * its status and the finalizer it adds, are filtered out, so they never trigger another pass against Halo.
 */
public final class SpecOrRequestChanged implements OnUpdateFilter<HaloLink> {
  @Override
  public boolean accept(HaloLink updated, HaloLink old) {
    var n = updated.getMetadata();
    var o = old.getMetadata();
    return !Objects.equals(n.getGeneration(), o.getGeneration())
        || !Objects.equals(requestedAt(updated), requestedAt(old))
        || !Objects.equals(skipCleanup(updated), skipCleanup(old))
        || !Objects.equals(n.getDeletionTimestamp(), o.getDeletionTimestamp())
        || (old.hasFinalizer(HaloLink.FINALIZER) && !updated.hasFinalizer(HaloLink.FINALIZER));
  }

  static String requestedAt(HaloLink link) {
    var a = link.getMetadata().getAnnotations();
    return a == null ? null : a.get(HaloLink.REQUESTED_AT_ANNOTATION);
  }

  private static String skipCleanup(HaloLink link) {
    var a = link.getMetadata().getAnnotations();
    return a == null ? null : a.get(HaloLink.SKIP_REMOTE_CLEANUP_ANNOTATION);
  }
}
