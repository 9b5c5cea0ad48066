package io.psalink.halo;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens by (token URL, tenant, client id, secret hash, scopes), reused until shortly before they
 * expire, minted once for concurrent callers. A rejected client is remembered briefly so that parallel
 * probes do not each ask the token endpoint again.
 */
final class TokenCache {

  static final Duration MAX_REFRESH_SKEW = Duration.ofSeconds(60);
  static final Duration REMEMBER_INVALID_CLIENT = Duration.ofSeconds(30);

  record Key(URI tokenUri, String tenant, String clientId, String secretSha256, List<String> scopes) {}

  private record Entry(AccessToken token, Instant refreshAt, HaloFailure failure, Instant failureUntil) {}

  private final Clock clock;
  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
  private final SingleFlight<Key, AccessToken> flights = new SingleFlight<>();

  TokenCache(Clock clock) {
    this.clock = clock;
  }

  AccessToken get(Key key, HaloCall<AccessToken> mint) throws HaloException {
    AccessToken cached = usable(key);
    if (cached != null) {
      return cached;
    }
    return flights.run(key, () -> {
      // another caller may have finished minting between our look and our flight
      AccessToken again = usable(key);
      if (again != null) {
        return again;
      }
      try {
        AccessToken token = mint.call();
        Instant refreshAt = token.expiresAt().minus(skew(clock.instant(), token.expiresAt()));
        prune();
        entries.put(key, new Entry(token, refreshAt, null, null));
        return token;
      } catch (HaloException e) {
        if (e.failure() instanceof HaloFailure.InvalidClient) {
          entries.put(key, new Entry(null, null, e.failure(), clock.instant().plus(REMEMBER_INVALID_CLIENT)));
        } else {
          entries.remove(key);
        }
        throw e;
      }
    });
  }

  /** Forgets {@code token} after an API call rejected it, unless a newer token already replaced it. */
  void invalidate(Key key, AccessToken token) {
    entries.computeIfPresent(key, (k, e) -> e.token() != null && e.token().value().equals(token.value()) ? null : e);
  }

  void clear() {
    entries.clear();
  }

  /** A usable cached token, null when one must be minted; throws a remembered rejection. */
  private AccessToken usable(Key key) throws HaloException {
    Entry e = entries.get(key);
    if (e == null) {
      return null;
    }
    Instant now = clock.instant();
    if (e.token() != null && now.isBefore(e.refreshAt())) {
      return e.token();
    }
    if (e.failure() != null && now.isBefore(e.failureUntil())) {
      throw new HaloException(e.failure());
    }
    return null;
  }

  /** 60 s or 10 % of the remaining lifetime, whichever is smaller. */
  static Duration skew(Instant mintedAt, Instant expiresAt) {
    Duration lifetime = Duration.between(mintedAt, expiresAt);
    if (lifetime.isNegative()) {
      return Duration.ZERO;
    }
    Duration tenth = lifetime.dividedBy(10);
    return tenth.compareTo(MAX_REFRESH_SKEW) < 0 ? tenth : MAX_REFRESH_SKEW;
  }

  private void prune() {
    Instant now = clock.instant();
    entries.values().removeIf(e -> e.token() != null ? !now.isBefore(e.token().expiresAt()) : !now.isBefore(e.failureUntil()));
  }
}
