package io.psalink.halo;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/** Token URL per base URL: it does not change, so steady-state checks do not ask {@code /api/authinfo} again. */
final class DiscoveryCache {

  static final Duration TTL = Duration.ofHours(1);

  private record Entry(URI tokenUri, Instant until) {}

  private final Clock clock;
  private final ConcurrentHashMap<URI, Entry> entries = new ConcurrentHashMap<>();
  private final SingleFlight<URI, URI> flights = new SingleFlight<>();

  DiscoveryCache(Clock clock) {
    this.clock = clock;
  }

  URI get(URI base, HaloCall<URI> discover) throws HaloException {
    URI cached = cached(base);
    if (cached != null) {
      return cached;
    }
    return flights.run(base, () -> {
      URI again = cached(base);
      if (again != null) {
        return again;
      }
      URI tokenUri = discover.call();
      put(base, tokenUri);
      return tokenUri;
    });
  }

  void put(URI base, URI tokenUri) {
    entries.put(base, new Entry(tokenUri, clock.instant().plus(TTL)));
  }

  void invalidate(URI base) {
    entries.remove(base);
  }

  void clear() {
    entries.clear();
  }

  private URI cached(URI base) {
    Entry e = entries.get(base);
    return e != null && clock.instant().isBefore(e.until()) ? e.tokenUri() : null;
  }
}
