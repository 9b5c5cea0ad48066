package io.psalink.halo;

import java.net.URI;

/** Where a session sends API calls and token requests. */
public record ResolvedEndpoints(URI api, URI token) {}
