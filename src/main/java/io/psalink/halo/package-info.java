/**
 * The HaloPSA API client: knows Halo, nothing of Kubernetes.
 *
 * <p>{@link io.psalink.halo.HaloEndpoint} normalises what admins paste, {@link io.psalink.halo.HaloClient}
 * holds the caches (discovered token URLs, tokens, per-CA HTTP clients) and
 * {@link io.psalink.halo.HaloSession} makes the calls for one tenant. Every failure is a
 * {@link io.psalink.halo.HaloFailure}: data that says whether retrying can help, with a message for an
 * MSP admin that never carries a secret, a token or a response body. The client does not retry,
 * except for minting a token once more when an API call answers 401.
 */
package io.psalink.halo;
