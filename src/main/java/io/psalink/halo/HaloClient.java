package io.psalink.halo;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The Halo API client: one per process. It owns the caches that outlive a check (discovered token
 * URLs, tokens, per-CA HTTP clients); {@link #session(HaloTarget)} gives a cheap per-tenant view.
 * It never retries except by minting a token once more after a 401: backoff belongs to the caller.
 */
public final class HaloClient implements AutoCloseable {

  /** Idle connections kept for reuse across tenants and passes. */
  static final int MAX_IDLE_CONNECTIONS = 128;

  final OkHttpClient http;
  final Clock clock;
  final TokenCache tokens;
  final DiscoveryCache discovery;
  final RateBudget budget;
  private final ConcurrentHashMap<String, OkHttpClient> privateCaClients = new ConcurrentHashMap<>();
  private volatile boolean closed;
  /** Guard against a list that never ends: 500 pages of 100. */
  volatile int maxPages = 500;

  /** {@code http} may carry the caller's interceptors (metrics) and timeouts; the caller keeps owning it. */
  public HaloClient(OkHttpClient http, Clock clock) {
    this(http, clock, RateBudget.standard());
  }

  /**
   * @param budget requests per Halo instance in any rolling window, shared by every session of this client
   *     ({@link RateBudget#standard()}: 250 per 5 minutes)
   */
  public HaloClient(OkHttpClient http, Clock clock, RateBudget budget) {
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.budget = Objects.requireNonNull(budget, "budget");
    this.tokens = new TokenCache(clock);
    this.discovery = new DiscoveryCache(clock);
  }

  public RateBudget budget() {
    return budget;
  }

  /** With {@link #defaultHttp()} and the system clock. */
  public HaloClient() {
    this(defaultHttp(), Clock.systemUTC());
  }

  /**
   * Connect 5 s, read and write 15 s, whole call 30 s; no silent retry of a failed connection and no
   * redirects (a redirected token call would carry the secret elsewhere).
   */
  /** How long an idle connection to Halo is kept for the next call. */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(25);

  public static OkHttpClient defaultHttp() {
    return new OkHttpClient.Builder()
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(15))
        .writeTimeout(Duration.ofSeconds(15))
        .callTimeout(Duration.ofSeconds(30))
        .retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        // okhttp keeps 5 idle connections by default: with many tenants checked side by side nearly every call
        // would open (and on Halo, TLS-handshake) a new one. Idle ones go after 25 s, before servers and balancers
        // close theirs (30 s to a few minutes): a pass's calls come within milliseconds of each other, and the
        // next pass of a link minutes later would only meet a connection closed under it
        .connectionPool(new ConnectionPool(MAX_IDLE_CONNECTIONS, KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS))
        .build();
  }

  /** A view of one tenant; cheap, shares this client's caches. */
  public HaloSession session(HaloTarget target) {
    ensureOpen();
    return new HaloSession(this, Objects.requireNonNull(target, "target"));
  }

  /** Forgets cached tokens and discoveries. Does not shut down the {@link OkHttpClient}: its owner does. */
  @Override
  public void close() {
    closed = true;
    tokens.clear();
    discovery.clear();
    privateCaClients.clear();
  }

  void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("HaloClient is closed");
    }
  }

  /** The shared client, or one derived from it that trusts only {@code caPem}. */
  OkHttpClient httpFor(String caPem) throws HaloException {
    if (caPem == null) {
      return http;
    }
    OkHttpClient cached = privateCaClients.get(caPem);
    if (cached != null) {
      return cached;
    }
    OkHttpClient derived = PrivateCa.trusting(http, caPem);
    OkHttpClient raced = privateCaClients.putIfAbsent(caPem, derived);
    return raced != null ? raced : derived;
  }
}
