package io.psalink.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.psalink.api.v1alpha1.HaloLink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The link's finalizer ({@link HaloLink#FINALIZER}), which holds a deleted link until its webhooks are removed from
 * Halo.
 *
 * <p>JOSDK's own handling adds it in a reconciliation of its own and runs the first pass only on the update that
 * follows: one Kubernetes write and one watch event on the way to Ready of every new link. Here the write goes
 * out in the background while the pass reads Halo, and the pass waits for it only before its first write to Halo:
 * nothing is registered in Halo for a link the operator could not hold back from deletion.
 *
 * <p>Both writes are JOSDK's JSON patches of {@code metadata.finalizers}, retried on conflict, so another
 * controller's finalizers and the user's fields are left as they are.
 */
final class Finalizer {
  private static final Finalizer PRESENT = new Finalizer(CompletableFuture.completedFuture(null));

  private final CompletableFuture<Void> write;

  private Finalizer(CompletableFuture<Void> write) {
    this.write = write;
  }

  /** Starts adding the finalizer unless the link has it; the pass goes on meanwhile. */
  static Finalizer ensure(HaloLink link, KubernetesClient client, Executor background) {
    if (link.hasFinalizer(HaloLink.FINALIZER)) {
      return PRESENT;
    }
    // the patch works on its own copy: the pass reads the link at the same time
    HaloLink copy = client.getKubernetesSerialization().clone(link);
    return new Finalizer(CompletableFuture.runAsync(
        () -> PrimaryUpdateAndCacheUtils.addFinalizer(client, copy, HaloLink.FINALIZER), background));
  }

  /**
   * Waits until the finalizer is on the link.
   *
   * @throws NotAdded when the API server refused it (the link is gone, or the operator may not patch it)
   */
  void await() {
    try {
      write.join();
    } catch (CompletionException e) {
      throw new NotAdded(e.getCause());
    }
  }

  /** Removes the finalizer, letting Kubernetes delete the link; a link already gone counts as done. */
  static void remove(HaloLink link, KubernetesClient client) {
    try {
      PrimaryUpdateAndCacheUtils.removeFinalizer(client, client.getKubernetesSerialization().clone(link),
          HaloLink.FINALIZER);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** The finalizer could not be added: the pass stops before writing to Halo, and JOSDK retries it. */
  static final class NotAdded extends RuntimeException {
    NotAdded(Throwable cause) {
      super("could not add the finalizer " + HaloLink.FINALIZER + ": " + cause.getMessage(), cause);
    }

    /** The link was deleted before the finalizer reached it: nothing was written to Halo, nothing to retry. */
    boolean linkGone() {
      return getCause() instanceof KubernetesClientException e && e.getCode() == 404;
    }
  }
}
