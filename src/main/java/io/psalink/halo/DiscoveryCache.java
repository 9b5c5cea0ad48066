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

  /**
   * One discovery per instance and trust: a link with a private CA must not share a discovery (or its failure)
   * with a link that trusts other CAs. {@code caSha256} is null for the default trust store.
   */
  record Key(URI base, String caSha256) {}

  private final Clock clock;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final SingleFlight<Key, URI> flights = new SingleFlight<>();

  DiscoveryCache(Clock clock) {
    this.clock = clock;
  }

  URI get(Key base, HaloCall<URI> discover) throws HaloException {
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

  void put(Key base, URI tokenUri) {
    entries.put(base, new Entry(tokenUri, clock.instant().plus(TTL)));
  }

  void invalidate(Key base) {
    entries.remove(base);
  }

  void clear() {
    entries.clear();
  }

  private URI cached(Key base) {
    Entry e = entries.get(base);
    return e != null && clock.instant().isBefore(e.until()) ? e.tokenUri() : null;
  }
}
