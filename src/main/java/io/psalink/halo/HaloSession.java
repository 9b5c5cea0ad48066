package io.psalink.halo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One Halo tenant as seen through a {@link HaloClient}. Thread-safe: probes may run in parallel and
 * share one token.
 */
public final class HaloSession {

  /** What Halo's paging serves at most, whatever {@code page_size} asks. */
  static final int PAGE_SIZE = 100;
  static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(3600);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String USER_AGENT = "psa-link-operator";

  private final HaloClient client;
  private final HaloTarget target;
  private final String secretSha256;
  private final AtomicInteger requests = new AtomicInteger();

  HaloSession(HaloClient client, HaloTarget target) {
    this.client = client;
    this.target = target;
    this.secretSha256 = sha256(target.credentials().clientSecret());
  }

  public HaloTarget target() {
    return target;
  }

  /** HTTP requests this session made (discovery, token and API calls). */
  public int requestCount() {
    return requests.get();
  }

  // ---- endpoints and token ----

  /** The API URL and the token URL: the override, else discovered via {@code /api/authinfo}, else {@code {base}/auth/token}. */
  public ResolvedEndpoints endpoints() throws HaloException {
    client.ensureOpen();
    URI api = target.endpoint().api();
    if (target.authServerOverride() != null) {
      return new ResolvedEndpoints(api, tokenUri(target.authServerOverride()));
    }
    return new ResolvedEndpoints(api, client.discovery.get(discoveryKey(), this::discover));
  }

  /** A token for this target, from the client's cache while it is fresh. */
  public AccessToken token() throws HaloException {
    ResolvedEndpoints ep = endpoints();
    try {
      return client.tokens.get(tokenKey(ep.token()), () -> mint(ep.token()));
    } catch (HaloException e) {
      if (!(e.failure() instanceof HaloFailure.TokenEndpointNotFound) || target.authServerOverride() != null) {
        throw e;
      }
      // the discovered (or fallback) URL is wrong: rediscover next time, and try {base}/auth/token now
      client.discovery.invalidate(discoveryKey());
      URI fallback = tokenUri(target.endpoint().defaultAuthServer());
      if (fallback.equals(ep.token())) {
        throw e;
      }
      AccessToken token = client.tokens.get(tokenKey(fallback), () -> mint(fallback));
      client.discovery.put(discoveryKey(), fallback);
      return token;
    }
  }

  private URI discover() throws HaloException {
    URI fallback = tokenUri(target.endpoint().defaultAuthServer());
    HttpUrl url = HttpUrl.get(target.endpoint().api() + "/authinfo");
    Answer a = send(new Request.Builder().url(url).get(), label(url), null);
    if (a.status() == 429) {
      throw new HaloException(new HaloFailure.RateLimited(Failures.retryAfter(a, client.clock)));
    }
    JsonNode info = a.ok() ? a.jsonOrNull() : null;
    String authUrl = Json.text(info, "auth_url");
    if (authUrl == null || authUrl.isBlank() || Json.isSet(Json.field(info, "error"))) {
      return fallback;
    }
    try {
      // an auth_url must pass the same rules as an admin's value: no plain http to a remote host
      return tokenUri(HaloEndpoint.parseAuthServer(authUrl));
    } catch (InvalidEndpointException e) {
      return fallback;
    }
  }

  private AccessToken mint(URI tokenUri) throws HaloException {
    HttpUrl.Builder url = HttpUrl.get(tokenUri).newBuilder();
    if (target.tenant() != null) {
      url.addQueryParameter("tenant", target.tenant());
    }
    RequestBody form = new FormBody.Builder()
        .add("grant_type", "client_credentials")
        .add("client_id", target.credentials().clientId())
        .add("client_secret", target.credentials().clientSecret())
        .add("scope", String.join(" ", target.scopes()))
        .build();
    HttpUrl built = url.build();
    Instant requestedAt = client.clock.instant();
    Answer a = send(new Request.Builder().url(built).post(form), label(built), null);
    return tokenFrom(a, tokenUri, requestedAt);
  }

  private AccessToken tokenFrom(Answer a, URI tokenUri, Instant requestedAt) throws HaloException {
    int s = a.status();
    String secret = target.credentials().clientSecret();
    if (s == 404 || s == 405) {
      throw new HaloException(new HaloFailure.TokenEndpointNotFound(tokenUri));
    }
    if (s == 429) {
      throw new HaloException(new HaloFailure.RateLimited(Failures.retryAfter(a, client.clock)));
    }
    if (s >= 500) {
      throw new HaloException(new HaloFailure.ServerError(s, a.endpoint()));
    }
    JsonNode body = a.jsonOrNull();
    JsonNode error = Json.field(body, "error");
    if (Json.isSet(error)) {
      String code = error.asText().strip().toLowerCase(Locale.ROOT);
      String description = Json.text(body, "error_description");
      HaloFailure f = switch (code) {
        case "invalid_client", "unauthorized_client", "invalid_grant" -> new HaloFailure.InvalidClient();
        case "invalid_scope" -> new HaloFailure.InvalidScope(scopeNamedIn(description));
        case "invalid_request" -> new HaloFailure.InvalidRequest(describe(description, code, secret));
        default -> s == 401 ? new HaloFailure.InvalidClient()
            : s >= 200 && s < 300 ? new HaloFailure.BadResponse(s, a.endpoint(), "an error instead of a token ('" + Redact.echo(code, secret) + "')")
            : new HaloFailure.InvalidRequest(describe(description, code, secret));
      };
      throw new HaloException(f);
    }
    if (s == 401) {
      throw new HaloException(new HaloFailure.InvalidClient());
    }
    if (s == 400) {
      throw new HaloException(new HaloFailure.InvalidRequest("no reason given"));
    }
    if (!a.ok()) {
      throw new HaloException(Failures.status(a, client.clock));
    }
    JsonNode json = a.json();
    String value = Json.text(json, "access_token");
    if (value == null || value.isBlank()) {
      throw a.bad("a token answer without an access token");
    }
    JsonNode expiresIn = Json.field(json, "expires_in");
    long seconds = expiresIn != null && expiresIn.canConvertToLong() && expiresIn.asLong() > 0 ? expiresIn.asLong()
        : expiresIn != null && expiresIn.isTextual() && expiresIn.asText().strip().matches("\\d{1,9}") ? Long.parseLong(expiresIn.asText().strip())
        : DEFAULT_TOKEN_LIFETIME.toSeconds();
    String scope = Json.text(json, "scope");
    Optional<Set<String>> granted = scope == null ? Optional.empty()
        : Optional.of(new LinkedHashSet<>(Arrays.stream(scope.split("[\\s,]+")).filter(x -> !x.isBlank()).toList()));
    return new AccessToken(value, requestedAt.plusSeconds(seconds), granted);
  }

  /** Which requested scope the description names, longest match first, else a scope-like quoted word, else null. */
  String scopeNamedIn(String description) {
    if (description == null || description.isBlank()) {
      return null;
    }
    String found = null;
    for (String scope : target.scopes()) {
      Pattern p = Pattern.compile("(?<![\\w:])" + Pattern.quote(scope) + "(?![\\w:])", Pattern.CASE_INSENSITIVE);
      if (p.matcher(description).find() && (found == null || scope.length() > found.length())) {
        found = scope;
      }
    }
    if (found != null) {
      return found;
    }
    Matcher m = Pattern.compile("['\"]([a-z]+(?::[a-z_]+)?)['\"]", Pattern.CASE_INSENSITIVE).matcher(description);
    return m.find() ? Redact.echo(m.group(1), target.credentials().clientSecret()) : null;
  }

  private static String describe(String description, String code, String secret) {
    String text = description == null || description.isBlank() ? code : description;
    return Redact.echo(text, secret);
  }

  private DiscoveryCache.Key discoveryKey() {
    return new DiscoveryCache.Key(target.endpoint().base(), target.caPem() == null ? null : sha256(target.caPem()));
  }

  private TokenCache.Key tokenKey(URI tokenUri) {
    return new TokenCache.Key(tokenUri, target.tenant(), target.credentials().clientId(), secretSha256, target.scopes());
  }

  // ---- API calls ----

  /** The agent the token logs in as: {@code GET /api/Agent/me}. */
  public HaloAgent me() throws HaloException {
    Answer a = expectOk(call("GET", apiUrl("Agent/me"), null));
    JsonNode json = a.json();
    JsonNode id = Json.field(json, "id");
    int agentId;
    if (id != null && id.isIntegralNumber() && id.canConvertToInt()) {
      agentId = id.intValue();
    } else if (id != null && id.isTextual() && id.asText().strip().matches("-?\\d{1,9}")) {
      agentId = Integer.parseInt(id.asText().strip());
    } else {
      throw a.bad("an agent without a numeric id");
    }
    return new HaloAgent(agentId, Json.text(json, "name"), Json.bool(json, "isapiagent"), Json.bool(json, "isdisabled"));
  }

  /**
   * One-item GET of the list {@code permission} guards: 200 {@link ProbeResult#GRANTED}, 403
   * {@link ProbeResult#FORBIDDEN}; write, {@code all*}, {@code admin} and unknown permissions are
   * {@link ProbeResult#NOT_PROBEABLE} without a request. Other answers throw.
   */
  public ProbeResult probe(String permission) throws HaloException {
    Optional<String> path = HaloPermissions.probePath(permission);
    if (path.isEmpty()) {
      return ProbeResult.NOT_PROBEABLE;
    }
    HttpUrl url = apiUrl(path.get()).newBuilder()
        .addQueryParameter("pageinate", "true")
        .addQueryParameter("page_size", "1")
        .addQueryParameter("page_no", "1")
        .build();
    Answer a = call("GET", url, null);
    if (a.status() == 403) {
      return ProbeResult.FORBIDDEN;
    }
    expectOk(a).json();
    return ProbeResult.GRANTED;
  }

  /**
   * Every item of a paged list, e.g. {@code listAll("/Client", "clients", JsonNode.class)}: pages of
   * 100 until {@code record_count} items arrived, or a short or empty page when Halo gives no count.
   * {@code path} is relative to {@code /api} and may carry a query.
   */
  public <T> List<T> listAll(String path, String pluralKey, Class<T> type) throws HaloException {
    HttpUrl first = apiUrl(path);
    List<T> out = new ArrayList<>();
    JsonNode previousFirst = null;
    int maxPages = client.maxPages;
    for (int page = 1; page <= maxPages; page++) {
      HttpUrl url = first.newBuilder()
          .setQueryParameter("pageinate", "true")
          .setQueryParameter("page_size", String.valueOf(PAGE_SIZE))
          .setQueryParameter("page_no", String.valueOf(page))
          .build();
      Answer a = expectOk(call("GET", url, null));
      JsonNode json = a.json();
      boolean bare = json.isArray();
      JsonNode items = bare ? json : Json.field(json, pluralKey);
      if (items == null || !items.isArray()) {
        throw a.bad("no '" + pluralKey + "' list");
      }
      if (items.isEmpty()) {
        return out;
      }
      if (previousFirst != null && previousFirst.equals(items.get(0))) {
        if (bare) {
          return out; // a bare array that ignores page_no: the first page was everything
        }
        throw a.bad("the same page again for page " + page);
      }
      previousFirst = items.get(0);
      for (JsonNode item : items) {
        out.add(convert(item, type, a));
      }
      JsonNode count = bare ? null : Json.field(json, "record_count");
      if (count != null && count.canConvertToLong() && count.isNumber()) {
        if (out.size() >= count.asLong()) {
          return out;
        }
      } else if (items.size() < PAGE_SIZE) {
        return out;
      }
    }
    throw new HaloException(new HaloFailure.BadResponse(200, apiUrl(path).encodedPath(), "more than " + maxPages + " pages"));
  }

  /** The outgoing webhooks: {@code GET /api/Webhook}, a bare array or {@code {"webhooks": [...]}}. */
  public List<HaloWebhook> webhooks() throws HaloException {
    Answer a = expectOk(call("GET", apiUrl("Webhook"), null));
    JsonNode json = a.json();
    JsonNode items = json.isArray() ? json : Json.field(json, "webhooks");
    if (items == null || !items.isArray()) {
      throw a.bad("no list of webhooks");
    }
    List<HaloWebhook> out = new ArrayList<>();
    for (JsonNode item : items) {
      out.add(convert(item, HaloWebhook.class, a));
    }
    return out;
  }

  /** Creates ({@code id} null) or updates a webhook: {@code POST /api/Webhook [w]}; returns Halo's copy with its id. */
  public HaloWebhook saveWebhook(HaloWebhook w) throws HaloException {
    byte[] body;
    try {
      body = Json.MAPPER.writeValueAsBytes(List.of(w));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("webhook cannot be written as JSON", e);
    }
    Answer a = expectOk(call("POST", apiUrl("Webhook"), RequestBody.create(body, JSON)));
    JsonNode json = a.json(w.getBasicPassword());
    JsonNode saved = json.isArray() ? (json.isEmpty() ? null : json.get(0)) : json;
    if (saved == null || !saved.isObject() || !Json.isSet(Json.field(saved, "id"))) {
      throw a.bad("no webhook id in the answer");
    }
    return convert(saved, HaloWebhook.class, a);
  }

  /** {@code DELETE /api/Webhook/{id}}; a webhook that is already gone counts as deleted. */
  public void deleteWebhook(String id) throws HaloException {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("webhook id is required");
    }
    HttpUrl url = apiUrl("Webhook").newBuilder().addPathSegment(id.strip()).build();
    Answer a = call("DELETE", url, null);
    if (a.status() == 404) {
      return;
    }
    expectOk(a);
    JsonNode json = a.jsonOrNull();
    if (json != null && Json.isSet(Json.field(json, "error"))) {
      a.json(); // throws the BadResponse for the error in a 2xx
    }
  }

  // ---- plumbing ----

  /** An API request with the cached token; a 401 re-mints once and repeats the request once. */
  private Answer call(String method, HttpUrl url, RequestBody body) throws HaloException {
    AccessToken token = token();
    Answer a = send(authorised(method, url, body, token), label(url), token);
    if (a.status() != 401) {
      return a;
    }
    // after token() so that a token URL that just fell back to {base}/auth/token is the key
    client.tokens.invalidate(tokenKey(endpoints().token()), token);
    AccessToken fresh = token();
    a = send(authorised(method, url, body, fresh), label(url), fresh);
    if (a.status() == 401) {
      throw new HaloException(new HaloFailure.Unauthorized(a.endpoint()));
    }
    return a;
  }

  private Answer expectOk(Answer a) throws HaloException {
    if (!a.ok()) {
      throw new HaloException(Failures.status(a, client.clock));
    }
    return a;
  }

  private static Request.Builder authorised(String method, HttpUrl url, RequestBody body, AccessToken token) {
    return new Request.Builder().url(url).method(method, body).header("Authorization", "Bearer " + token.value());
  }

  private Answer send(Request.Builder request, String endpoint, AccessToken token) throws HaloException {
    client.ensureOpen();
    Request r = request.header("Accept", "application/json").header("User-Agent", USER_AGENT).build();
    var http = client.httpFor(target.caPem());
    for (int attempt = 1; ; attempt++) {
      client.budget.acquire(target.endpoint().base());
      requests.incrementAndGet();
      try (Response response = http.newCall(r).execute()) {
        String secret = target.credentials().clientSecret();
        return Answer.read(response, endpoint, token == null ? List.of(secret) : List.of(secret, token.value()));
      } catch (IOException e) {
        // a kept-alive connection that the server (or a balancer in front of it) had closed breaks at once: a GET
        // changes nothing, so it goes once more, on another connection. Writes never go twice by themselves.
        if (attempt == 1 && "GET".equals(r.method()) && Failures.brokenConnection(e)) {
          continue;
        }
        throw new HaloException(Failures.transport(e), e);
      }
    }
  }

  /** {@code {api}/path}; a path that starts with {@code api/} or {@code auth/} is a bug: it would double the prefix. */
  HttpUrl apiUrl(String path) {
    String p = path == null ? "" : path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    String lower = p.toLowerCase(Locale.ROOT);
    if (p.isEmpty() || lower.startsWith("api/") || lower.equals("api") || lower.startsWith("auth/") || lower.contains("://")
        || lower.contains("..") || lower.startsWith("?")) {
      throw new IllegalArgumentException("path must be relative to /api, like \"Tickets\": " + path);
    }
    HttpUrl url = HttpUrl.parse(target.endpoint().api() + "/" + p);
    if (url == null) {
      throw new IllegalArgumentException("not a valid API path: " + path);
    }
    return url;
  }

  /** What a failure names: the path of an API call, the whole URL (without query) of a token or discovery call. */
  private String label(HttpUrl url) {
    String api = target.endpoint().api().getRawPath();
    if (url.encodedPath().startsWith(api + "/") && url.host().equalsIgnoreCase(target.endpoint().base().getHost())
        && !url.encodedPath().endsWith("/authinfo")) {
      return url.encodedPath();
    }
    return url.newBuilder().query(null).build().toString();
  }


  private static <T> T convert(JsonNode item, Class<T> type, Answer a) throws HaloException {
    try {
      return Json.MAPPER.convertValue(item, type);
    } catch (IllegalArgumentException e) {
      throw a.bad("an item that is not a " + type.getSimpleName());
    }
  }


  private static URI tokenUri(URI authServer) {
    return URI.create(authServer + "/token");
  }

  private static String sha256(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
