package io.psalink.sandbox.halo;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One simulated Halo instance (tenant) under its own path prefix: its applications, agents, data,
 * behaviour switches and request log. Every switch is off by default and may be flipped while
 * requests are in flight.
 */
public final class Instance {
  /** How an API call with a token minted without scope is refused (stories 5 and 6). */
  public enum NoScopeMode { UNAUTHORIZED, FORBIDDEN }

  /** How the token call answers a missing or wrong {@code ?tenant=}. */
  public enum WrongTenantMode { INVALID_REQUEST, INVALID_CLIENT }

  /** What a 403 carries: nothing, a line of text, or {@code {"message": ...}}. */
  public enum ForbiddenBody { EMPTY, TEXT, JSON }

  /** What a POST of a one-element array answers: the element, or a one-element array. */
  public enum PostReturns { OBJECT, ARRAY }

  static final int DEFAULT_SEED = 5;
  private static final System.Logger LOG = System.getLogger(Instance.class.getName());

  private final HaloSimulator simulator;
  private final String name;
  private final TokenService tokens = new TokenService(this);
  private final WebhookStore webhooks = new WebhookStore();
  private final Map<RecordKind, RecordStore> records = new EnumMap<>(RecordKind.class);
  private final RequestLog log = new RequestLog();
  private final ApiRouter router;
  private final List<Application> applications = new CopyOnWriteArrayList<>();
  private final List<Agent> agents = new CopyOnWriteArrayList<>();
  private volatile List<Agent> fillerAgents = List.of();
  private final Map<Agent, Set<String>> denials = new ConcurrentHashMap<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final AtomicInteger nextAgentId = new AtomicInteger(1);

  private volatile boolean separateAuthHost;
  private volatile boolean authInfoAvailable = true;
  private volatile NoScopeMode noScopeMode = NoScopeMode.UNAUTHORIZED;
  private volatile String requiredTenant;
  private volatile WrongTenantMode wrongTenantMode = WrongTenantMode.INVALID_REQUEST;
  private volatile boolean echoScope = true;
  private volatile Duration tokenLifetime = Duration.ofHours(1);
  private volatile boolean idToken;
  private volatile int pageCap = 100;
  private volatile ForbiddenBody forbiddenBody = ForbiddenBody.EMPTY;
  private volatile PostReturns postReturns = PostReturns.OBJECT;
  private volatile int postStatus = 200;
  private volatile boolean maskWebhookPasswords;
  private volatile Duration latency = Duration.ZERO;
  private volatile RateWindow rateWindow;
  private volatile boolean down;
  private volatile boolean echoSecretInErrors;

  Instance(HaloSimulator simulator, String name) {
    this.simulator = simulator;
    this.name = name;
    for (RecordKind kind : RecordKind.values()) {
      records.put(kind, new RecordStore(kind, DEFAULT_SEED));
    }
    this.router = new ApiRouter(this, tokens, webhooks, records);
    seed("agents", DEFAULT_SEED);
  }

  // ---- addresses

  public String name() { return name; }

  /** The "Resource Server" an admin pastes: {@code http://127.0.0.1:PORT/{name}}. */
  public String baseUrl() { return simulator.origin("127.0.0.1") + "/" + name; }

  /** The authorisation server base (without {@code /token}) as authinfo reports it. */
  public String authUrl() {
    return separateAuthHost ? simulator.origin("localhost") + "/" + name + "-auth" : baseUrl() + "/auth";
  }

  public String tokenUrl() { return authUrl() + "/token"; }

  // ---- applications, agents, data

  /** A new agent with the next free id: active and API-only until a test says otherwise. */
  public Agent addAgent(String agentName) {
    Agent agent = new Agent(nextAgentId.getAndIncrement(), agentName);
    agents.add(agent);
    return agent;
  }

  public Application addApplication(String clientId, String clientSecret, Set<String> permissions, Agent loginAs) {
    Objects.requireNonNull(loginAs, "loginAs");
    if (agents.stream().noneMatch(a -> a == loginAs)) {
      agents.add(loginAs);
    }
    Application application = new Application(clientId, clientSecret, permissions, loginAs);
    applications.add(application);
    return application;
  }

  public List<Application> applications() { return List.copyOf(applications); }

  /** Registered agents and generated filler agents, by id. */
  public List<Agent> agents() {
    List<Agent> all = new ArrayList<>(agents);
    all.addAll(fillerAgents);
    all.sort(Comparator.comparingInt(Agent::id));
    return all;
  }

  /**
   * The agent's role blocks {@code permission} although an application grants it (story 8): calls it
   * guards answer 403. Denying {@code read:X} also blocks {@code edit:X}.
   */
  public Instance agentDenies(Agent agent, String permission) {
    denials.computeIfAbsent(agent, a -> ConcurrentHashMap.newKeySet()).add(permission);
    return this;
  }

  public Instance agentAllows(Agent agent, String permission) {
    Set<String> denied = denials.get(agent);
    if (denied != null) {
      denied.remove(permission);
    }
    return this;
  }

  boolean denies(Agent agent, String permission) {
    Set<String> denied = denials.get(agent);
    if (denied == null || denied.isEmpty()) {
      return false;
    }
    return denied.contains(permission)
        || (permission.startsWith("edit:") && denied.contains("read:" + permission.substring(5)));
  }

  /**
   * Replaces a list with {@code count} generated records. {@code plural} is the list key:
   * tickets, clients, contracts, items, invoices, or agents (filler agents beside the registered ones).
   */
  public Instance seed(String plural, int count) {
    if ("agents".equalsIgnoreCase(plural)) {
      List<Agent> filler = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Agent agent = new Agent(nextAgentId.getAndIncrement(), "agent_" + (i + 1));
        agent.setApiOnly(false).setRoles(List.of("Technician"));
        filler.add(agent);
      }
      fillerAgents = List.copyOf(filler);
      return this;
    }
    RecordKind kind = RecordKind.byPlural(plural);
    if (kind == null) {
      throw new IllegalArgumentException("no list named " + plural);
    }
    records.get(kind).seed(count);
    return this;
  }

  // ---- webhooks, for tests and for drift made by a human

  public List<Webhook> webhooks() { return webhooks.list(); }

  public Optional<Webhook> webhook(String id) { return webhooks.get(id); }

  /** Inserts or replaces (by id) a webhook as a human in Halo's UI would; returns the stored copy. */
  public Webhook putWebhook(Webhook webhook) { return webhooks.put(webhook); }

  public Optional<Webhook> updateWebhook(String id, Consumer<Webhook> change) { return webhooks.update(id, change); }

  public boolean deleteWebhookDirect(String id) { return webhooks.delete(id); }

  // ---- switches

  /** Moves the token endpoint to {@code http://localhost:PORT/{name}-auth/token}; {@code {base}/auth/token} answers 404. */
  public Instance separateAuthHost(boolean on) { this.separateAuthHost = on; return this; }
  public Instance authInfoAvailable(boolean available) { this.authInfoAvailable = available; return this; }
  public Instance noScopeMode(NoScopeMode mode) { this.noScopeMode = Objects.requireNonNull(mode); return this; }
  /** Token calls must carry {@code ?tenant=tenant} (ignoring case); null: any or none. */
  public Instance requireTenant(String tenant) { this.requiredTenant = tenant; return this; }
  public Instance wrongTenantMode(WrongTenantMode mode) { this.wrongTenantMode = Objects.requireNonNull(mode); return this; }
  /** Whether the token response lists the granted scopes (on by default). */
  public Instance echoScope(boolean on) { this.echoScope = on; return this; }
  public Instance tokenLifetime(Duration lifetime) { this.tokenLifetime = requirePositive(lifetime); return this; }
  public Instance idToken(boolean on) { this.idToken = on; return this; }
  /** The most items any list page holds, whatever the client asks (default 100). */
  public Instance pageCap(int cap) {
    if (cap < 1) {
      throw new IllegalArgumentException("page cap must be positive");
    }
    this.pageCap = cap;
    return this;
  }
  public Instance forbiddenBody(ForbiddenBody body) { this.forbiddenBody = Objects.requireNonNull(body); return this; }
  /** What a POST of one element answers (default OBJECT); applies to webhooks and records alike. */
  public Instance webhookPostReturns(PostReturns returns) { this.postReturns = Objects.requireNonNull(returns); return this; }
  /** The status of a successful POST (default 200; Halo has been seen answering 201 too). */
  public Instance webhookPostStatus(int status) {
    if (status != 200 && status != 201) {
      throw new IllegalArgumentException("POST answers 200 or 201");
    }
    this.postStatus = status;
    return this;
  }
  /** Whether webhook reads leave out {@code basic_password} (unknown what Halo does). */
  public Instance maskWebhookPasswords(boolean on) { this.maskWebhookPasswords = on; return this; }
  /** Added to every response; sleeps in the worker thread only. */
  public Instance latency(Duration latency) {
    this.latency = latency == null ? Duration.ZERO : latency;
    return this;
  }
  /** At most {@code requests} requests (token and API) in any rolling {@code window}; over it 429. */
  public Instance rateLimit(int requests, Duration window, boolean sendRetryAfter) {
    this.rateWindow = new RateWindow(requests, window, sendRetryAfter);
    return this;
  }
  public Instance noRateLimit() { this.rateWindow = null; return this; }
  /** Every request to this instance gets its connection closed without a response. */
  public Instance down(boolean down) { this.down = down; return this; }
  /** Leak-test only: the 401 of a token call quotes the submitted client secret. */
  public Instance echoSecretInErrors(boolean on) { this.echoSecretInErrors = on; return this; }

  /** Adds a fault; faults are tried in the order added and the first matching one with uses left applies. */
  public Fault fault(Fault fault) {
    faults.add(Objects.requireNonNull(fault));
    return fault;
  }

  public Instance clearFaults() { faults.clear(); return this; }

  /** Every access token this instance ever issued, for tests that scan output for leaked credentials. */
  public List<String> issuedTokens() { return tokens.everIssued(); }

  /** Forgets every issued token, as if they all expired. */
  public Instance revokeTokens() { tokens.revokeAll(); return this; }

  // ---- request log

  public List<RecordedRequest> requests() { return log.snapshot(); }

  /** Requests with this method (null: any) whose path below the prefix fully matches the regex, ignoring case. */
  public int count(String method, String pathRegex) { return log.count(method, pathRegex); }

  /** Calls to either token endpoint. */
  public int tokenRequests() { return log.tokenRequests(); }

  public int maxRequestsInWindow(Duration window) { return log.maxInWindow(window); }

  public Instance resetRequests() { log.clear(); return this; }

  // ---- package-private reads for the handlers

  boolean separateAuthHost() { return separateAuthHost; }
  boolean authInfoAvailable() { return authInfoAvailable; }
  NoScopeMode noScopeMode() { return noScopeMode; }
  String requiredTenant() { return requiredTenant; }
  WrongTenantMode wrongTenantMode() { return wrongTenantMode; }
  boolean echoScope() { return echoScope; }
  Duration tokenLifetime() { return tokenLifetime; }
  boolean idToken() { return idToken; }
  int pageCap() { return pageCap; }
  ForbiddenBody forbiddenBody() { return forbiddenBody; }
  PostReturns postReturns() { return postReturns; }
  int postStatus() { return postStatus; }
  boolean maskWebhookPasswords() { return maskWebhookPasswords; }
  boolean echoSecretInErrors() { return echoSecretInErrors; }

  Application findApplication(String clientId) {
    if (clientId == null) {
      return null;
    }
    for (Application application : applications) {
      if (clientId.equals(application.clientId())) {
        return application;
      }
    }
    return null;
  }

  // ---- the request pipeline: down, latency, faults, rate limit, then the API itself

  void serve(HttpExchange exchange, String path, boolean authHost) {
    Instant arrived = Instant.now();
    Call call = new Call(exchange, path, authHost, c -> log.add(new RecordedRequest(name, c.method(), c.path(),
        c.redactedQuery(), c.status(), arrived, c.bearerToken() != null, isTokenCall(c))));
    try {
      call.body();
      if (down) {
        call.drop();
        return;
      }
      sleep(latency);
      Fault fault = firstMatchingFault(call);
      if (fault != null && answeredByFault(fault, call)) {
        return;
      }
      RateWindow window = rateWindow;
      if (window != null) {
        RateWindow.Decision decision = window.tryAcquire(System.nanoTime());
        if (!decision.admitted()) {
          if (window.sendRetryAfter()) {
            call.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
          }
          call.text(429, window.message());
          return;
        }
      }
      router.route(call);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.drop();
    } catch (IOException e) {
      call.drop(); // the client went away; nothing to answer
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "Halo simulator failed on " + call.method() + " " + path, e);
      if (call.status() == RecordedRequest.NO_RESPONSE) {
        try {
          call.text(500, "Halo simulator error");
        } catch (IOException ignored) {
          call.drop();
        }
      }
    } finally {
      call.record();
    }
  }

  private Fault firstMatchingFault(Call call) {
    if (faults.isEmpty()) {
      return null;
    }
    Fault.Target target = new Fault.Target(call.method(), call.path(), call.redactedQuery());
    for (Fault fault : faults) {
      if (fault.tryApply(target)) {
        return fault;
      }
    }
    faults.removeIf(Fault::exhausted);
    return null;
  }

  /** Plays the fault; false when the normal answer should follow (a plain delay). */
  private static boolean answeredByFault(Fault fault, Call call) throws IOException, InterruptedException {
    switch (fault.kind()) {
      case STATUS -> call.send(fault.status(), fault.contentType(), fault.body());
      case DELAY -> {
        sleep(fault.delay());
        return false;
      }
      case DELAY_THEN_STATUS -> {
        sleep(fault.delay());
        call.send(fault.status(), fault.contentType(), fault.body());
      }
      case RESET -> call.reset(fault.status(), fault.contentType(), fault.body());
      case DROP -> call.drop();
      case SERVE_THEN_DROP -> {
        call.dropAnswer();
        return false;
      }
    }
    return true;
  }

  private static boolean isTokenCall(Call call) {
    List<String> segments = call.segments();
    return call.onAuthHost()
        ? segments.equals(List.of("token"))
        : segments.equals(List.of("auth", "token"));
  }

  private static void sleep(Duration duration) throws InterruptedException {
    if (duration != null && !duration.isZero() && !duration.isNegative()) {
      Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
    }
  }

  private static Duration requirePositive(Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("duration must be positive");
    }
    return d;
  }

  @Override
  public String toString() {
    return "HaloInstance[" + name + " at " + baseUrl() + "]";
  }
}
