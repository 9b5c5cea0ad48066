package io.psalink.api.v1alpha1;

/** What happens to this link's webhooks in Halo when the link is deleted. */
public enum DeletionPolicy {
  Delete,
  Orphan
}
