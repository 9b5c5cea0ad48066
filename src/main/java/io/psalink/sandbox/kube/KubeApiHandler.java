package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The front kubectl and the operator talk to: serves discovery, Tables, watches, selectors and
 * the patch flavours itself and hands plain CRUD to the mock.
 */
final class KubeApiHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(KubeApiHandler.class);
  private static final ObjectMapper WRITER = new ObjectMapper();
  private static final String BEFORE = "psalink.before";
  private static final java.util.Comparator<JsonNode> STORAGE_ORDER = java.util.Comparator
      .comparing((JsonNode o) -> o.path("metadata").path("namespace").asText(""))
      .thenComparing(o -> o.path("metadata").path("name").asText(""));

  private final ObjectMapper mapper;
  private final MockBackend backend;
  private final ResourceRegistry registry;
  private final Discovery discovery;
  private final TableRenderer tables;
  private final WatchStream watches;
  private final PatchTranslator patches;
  private final OpenApiV3 openApi;
  private final OpenApiV2 openApiV2 = new OpenApiV2(WRITER);
  private final String serverAddress;
  private final Tombstones tombstones;

  KubeApiHandler(ObjectMapper mapper, MockBackend backend, WatchStream watches, Tombstones tombstones,
      String serverAddress) {
    this.tombstones = tombstones;
    this.mapper = mapper;
    this.backend = backend;
    this.registry = new ResourceRegistry(backend);
    this.discovery = new Discovery(mapper);
    this.tables = new TableRenderer(mapper);
    this.watches = watches;
    this.patches = new PatchTranslator(mapper);
    this.openApi = new OpenApiV3(mapper);
    this.serverAddress = serverAddress;
  }

  @Override
  public void handle(HttpExchange ex) {
    try (ex) {
      try {
        route(ex);
      } catch (Exception e) {
        LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
        try {
          sendJson(ex, 500, KubeStatus.failure(mapper, 500, "InternalError", "embedded API: " + e));
        } catch (IOException | RuntimeException ignored) {
          // headers were already sent; nothing more to tell the caller
        }
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase();
    String path = ex.getRequestURI().getPath();
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    Map<String, String> query = query(ex.getRequestURI().getRawQuery());
    String[] seg = path.substring(1).split("/");

    if (path.equals("/healthz") || path.equals("/livez") || path.equals("/readyz")) {
      send(ex, 200, "text/plain; charset=utf-8", "ok".getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (path.equals("/version")) {
      sendJson(ex, 200, discovery.version());
      return;
    }
    if (path.equals("/api")) {
      sendJson(ex, 200, discovery.coreVersions(serverAddress));
      return;
    }
    if (path.equals("/apis")) {
      sendJson(ex, 200, discovery.groupList(registry.all()));
      return;
    }
    if (path.equals("/openapi/v2")) {
      if (OpenApiV2.wantsProtobuf(ex.getRequestHeaders().getFirst("Accept"))) {
        send(ex, 200, "application/octet-stream", openApiV2.protobuf()); // as kube-openapi answers
      } else {
        sendJson(ex, 200, openApiV2.json());
      }
      return;
    }
    if (path.equals("/openapi/v3")) {
      sendJson(ex, 200, openApi.root(registry.all()));
      return;
    }
    if (path.startsWith("/openapi/v3/")) {
      sendOr404(ex, openApi.groupVersion(path.substring("/openapi/v3/".length()), registry.all()));
      return;
    }
    if ("POST".equals(method) && path.startsWith(AUTHORIZATION)) {
      review(ex, path.substring(AUTHORIZATION.length()));
      return;
    }
    if ((seg[0].equals("api") && seg.length == 2) || (seg[0].equals("apis") && seg.length <= 3)) {
      String group = seg[0].equals("api") ? "" : seg[1];
      Optional<ObjectNode> doc = seg.length == 2 && !group.isEmpty()
          ? discovery.group(group, registry.all())
          : discovery.resources(group, seg[seg.length - 1], registry.all());
      sendOr404(ex, doc);
      return;
    }
    Optional<ApiPath> parsed = ApiPath.parse(path);
    Optional<ResourceInfo> info = parsed.flatMap(p -> registry.find(p.group(), p.version(), p.resource()));
    if (info.isEmpty()) {
      sendJson(ex, 404, KubeStatus.failure(mapper, 404, "NotFound", "the server could not find the requested resource"));
      return;
    }
    ApiPath p = parsed.get();
    if (p.subresource() != null && !(p.subresource().equals("status") && info.get().statusSubresource())) {
      sendJson(ex, 404, KubeStatus.failure(mapper, 404, "NotFound",
          "the server could not find the requested resource (subresource " + p.subresource() + " is not served)"));
      return;
    }
    if (query.containsKey("dryRun")) {
      sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest",
          "dry-run is not supported by the sandbox's embedded API; use --dry-run=client"));
      return;
    }
    if (contentType(ex, "").contains("protobuf")) {
      // kubectl's typed commands (create secret, create namespace, ...) send built-in kinds as protobuf
      sendJson(ex, 415, KubeStatus.failure(mapper, 415, "UnsupportedMediaType",
          "the sandbox's embedded API reads JSON and YAML only, not protobuf: write the object as a manifest "
              + "and use kubectl apply -f (kubectl create secret/configmap/namespace send protobuf)"));
      return;
    }
    java.util.concurrent.locks.Lock held = null;
    if (p.name() != null && p.subresource() == null && !"GET".equals(method) && !"POST".equals(method)) {
      held = tombstones.writes();
      held.lock();
      JsonNode before = backend.getJson(p.objectPath(p.name()));
      if (before != null) {
        ex.setAttribute(BEFORE, before);
      } else {
        held.unlock();
        held = null;
      }
    }
    try {
      dispatch(ex, method, path, p, info.get(), query);
    } finally {
      if (held != null) {
        held.unlock();
      }
    }
  }

  private static final String AUTHORIZATION = "/apis/authorization.k8s.io/v1/";

  /**
   * The sandbox accepts any token and lets every caller do everything, so it says so when asked: {@code kubectl
   * auth can-i} (SelfSubjectAccessReview) is answered yes, and the access review JOSDK's leader election starts
   * with (SelfSubjectRulesReview) lists every verb on every resource.
   */
  private void review(HttpExchange ex, String kind) throws IOException {
    byte[] body = body(ex);
    JsonNode asked = null;
    if (!contentType(ex, "").contains("protobuf")) { // kubectl sends its reviews as protobuf: answered all the same
      try {
        asked = mapper.readTree(body);
      } catch (IOException e) {
        sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest", "the review is not JSON: " + e.getMessage()));
        return;
      }
    }
    ObjectNode review = mapper.createObjectNode().put("apiVersion", "authorization.k8s.io/v1");
    review.set("metadata", mapper.createObjectNode());
    review.set("spec", asked == null || !asked.has("spec") ? mapper.createObjectNode() : asked.get("spec"));
    ObjectNode status = review.putObject("status");
    switch (kind) {
      case "selfsubjectaccessreviews" -> {
        review.put("kind", "SelfSubjectAccessReview");
        status.put("allowed", true).put("reason", "the sandbox lets every caller do everything");
      }
      case "selfsubjectrulesreviews" -> {
        review.put("kind", "SelfSubjectRulesReview");
        status.put("incomplete", false);
        ObjectNode all = status.putArray("resourceRules").addObject();
        all.putArray("apiGroups").add("*");
        all.putArray("resources").add("*");
        all.putArray("verbs").add("*");
        ObjectNode urls = status.putArray("nonResourceRules").addObject();
        urls.putArray("nonResourceURLs").add("*");
        urls.putArray("verbs").add("*");
      }
      default -> {
        sendJson(ex, 404, KubeStatus.failure(mapper, 404, "NotFound", "the server could not find the requested"
            + " resource (authorization.k8s.io/v1 " + kind + " is not served)"));
        return;
      }
    }
    sendJson(ex, 201, review);
  }

  private void dispatch(HttpExchange ex, String method, String path, ApiPath p, ResourceInfo resource,
      Map<String, String> query) throws IOException {
    Optional<ResourceInfo> info = Optional.of(resource);
    if ("websocket".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Upgrade"))) {
      // fabric8 tries a WebSocket watch first and falls back to an HTTP watch when the handshake answers 200 or
      // 503; 503 it first retries with backoff (about 40 s with the default settings), 200 it does not
      sendJson(ex, 200, KubeStatus.failure(mapper, 200, "BadRequest", "WebSocket is not served; use an HTTP watch"));
      return;
    }
    switch (method) {
      case "GET":
        if ("true".equals(query.get("watch")) || "1".equals(query.get("watch"))) {
          watches.serve(ex, p, info.get(), WatchStream.Options.of(query, wantsTable(ex)));
        } else {
          get(ex, p, info.get(), query);
        }
        return;
      case "POST":
      case "PUT":
        byte[] body = body(ex);
        if (isSecret(info.get())) {
          body = SecretData.fold(mapper, body);
        }
        MockBackend.Response written = backend.send(method, path, contentType(ex, "application/json"), body);
        if ("PUT".equals(method) && written.status() < 300 && written.body().length == 0) {
          // the mock answers nothing when the update removed the last finalizer and so the object
          written = new MockBackend.Response(200, body);
        }
        relay(ex, p, info.get(), written);
        return;
      case "DELETE":
        relay(ex, p, info.get(), backend.send(method, path, contentType(ex, "application/json"), body(ex)));
        return;
      case "PATCH":
        patch(ex, p, info.get());
        return;
      default:
        sendJson(ex, 405, KubeStatus.failure(mapper, 405, "MethodNotAllowed", method + " is not supported"));
    }
  }

  private void get(HttpExchange ex, ApiPath p, ResourceInfo info, Map<String, String> query) throws IOException {
    FieldSelector fields;
    LabelSelector labels;
    try {
      fields = FieldSelector.parse(query.get("fieldSelector"));
      labels = LabelSelector.parse(query.get("labelSelector"));
    } catch (IllegalArgumentException e) {
      sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest", e.getMessage()));
      return;
    }
    String mockPath = p.isList() ? p.collectionPath() : p.objectPath(p.name()) + (p.subresource() != null ? "/" + p.subresource() : "");
    MockBackend.Response r = backend.send("GET", mockPath, null, null);
    if (r.status() != 200) {
      relay(ex, p, info, r);
      return;
    }
    JsonNode body = mapper.readTree(r.body());
    List<JsonNode> objects = new ArrayList<>();
    String rv;
    if (p.isList()) {
      ArrayNode kept = mapper.createArrayNode();
      for (JsonNode item : body.path("items")) {
        if (fields.matches(item) && labels.matches(item)) {
          objects.add(item);
        }
      }
      objects.sort(STORAGE_ORDER); // a real API server lists in its storage order: namespace, then name
      kept.addAll(objects);
      ObjectNode list = (ObjectNode) body;
      list.put("kind", info.kind() + "List");
      list.put("apiVersion", info.groupVersion());
      list.set("items", kept);
      rv = body.path("metadata").path("resourceVersion").asText(null);
    } else {
      objects.add(body);
      rv = body.path("metadata").path("resourceVersion").asText(null);
    }
    if (wantsTable(ex)) {
      sendJson(ex, 200, tables.render(info, objects, TableRenderer.Include.of(query.get("includeObject")), rv, Instant.now()));
    } else {
      sendJson(ex, 200, body);
    }
  }

  private void patch(HttpExchange ex, ApiPath p, ResourceInfo info) throws IOException {
    String type = contentType(ex, "");
    byte[] body = body(ex);
    String mockPath = p.objectPath(p.name()) + (p.subresource() != null ? "/" + p.subresource() : "");
    if (p.isList()) {
      sendJson(ex, 405, KubeStatus.failure(mapper, 405, "MethodNotAllowed", "PATCH needs an object name"));
    } else if (PatchTranslator.isApply(type)) {
      serverSideApply(ex, p, info, body, mockPath);
    } else if (PatchTranslator.isStrategic(type)) {
      byte[] merge = patches.strategicToMerge(body);
      mergePatch(ex, p, info, mockPath, isSecret(info) ? SecretData.fold(mapper, merge) : merge);
    } else if (type.startsWith(PatchTranslator.MERGE)) {
      mergePatch(ex, p, info, mockPath, isSecret(info) ? SecretData.fold(mapper, body) : body);
    } else if (type.startsWith("application/json-patch+json")) {
      relay(ex, p, info, backend.send("PATCH", mockPath, type, body));
    } else {
      sendJson(ex, 415, KubeStatus.failure(mapper, 415, "UnsupportedMediaType",
          "the body of the request was in an unknown format - accepted media types include: "
              + "application/json-patch+json, application/merge-patch+json, "
              + "application/strategic-merge-patch+json, application/apply-patch+yaml"));
    }
  }

  private void serverSideApply(HttpExchange ex, ApiPath p, ResourceInfo info, byte[] body, String mockPath)
      throws IOException {
    ObjectNode applied;
    try {
      applied = patches.appliedObject(body);
    } catch (IOException e) {
      sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest", "invalid apply configuration: " + e.getMessage()));
      return;
    }
    if (isSecret(info)) {
      SecretData.fold(applied);
    }
    String name = applied.path("metadata").path("name").asText("");
    if (!name.equals(p.name())) {
      sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest",
          "the name of the object (" + name + ") does not match the name on the URL (" + p.name() + ")"));
      return;
    }
    if (backend.getJson(p.objectPath(p.name())) == null) {
      if (p.subresource() != null) {
        sendJson(ex, 404, KubeStatus.notFound(mapper, info, p.name()));
        return;
      }
      if (p.namespace() != null) {
        ((ObjectNode) applied.path("metadata")).put("namespace", p.namespace());
      }
      MockBackend.Response created = backend.send("POST", p.collectionPath(), "application/json", mapper.writeValueAsBytes(applied));
      relay(ex, p, info, created.status() == 200 ? new MockBackend.Response(201, created.body()) : created);
      return;
    }
    if (p.subresource() == null && info.statusSubresource()) {
      applied.remove("status"); // as a real API server ignores it on the main resource
    }
    mergePatch(ex, p, info, mockPath, mapper.writeValueAsBytes(applied));
  }

  /**
   * A JSON merge patch (RFC 7396) done here rather than by the mock, which appends to lists and keeps
   * {@code null}s: read, merge, and write back with the resourceVersion read (retried when someone
   * else wrote in between, unless the patch names a resourceVersion of its own). A patch that changes
   * nothing writes nothing, as on a real API server.
   */
  private void mergePatch(HttpExchange ex, ApiPath p, ResourceInfo info, String mockPath, byte[] body)
      throws IOException {
    JsonNode patch;
    try {
      patch = mapper.readTree(body);
    } catch (IOException e) {
      sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest", "invalid merge patch: " + e.getMessage()));
      return;
    }
    if (patch == null || !patch.isObject()) {
      sendJson(ex, 400, KubeStatus.failure(mapper, 400, "BadRequest", "a merge patch must be a JSON object"));
      return;
    }
    boolean pinned = patch.path("metadata").has("resourceVersion");
    MockBackend.Response r = null;
    for (int attempt = 0; attempt < 10; attempt++) {
      MockBackend.Response current = backend.send("GET", mockPath, null, null);
      if (current.status() != 200) {
        relay(ex, p, info, current);
        return;
      }
      JsonNode live = mapper.readTree(current.body());
      JsonNode merged = PatchTranslator.merge(live, patch);
      if (merged.equals(live)) {
        send(ex, 200, "application/json", current.body());
        return;
      }
      r = backend.send("PUT", mockPath, "application/json", mapper.writeValueAsBytes(merged));
      if (r.status() < 300 && r.body().length == 0) {
        // the mock answers nothing when the write removed the last finalizer and so the object
        noteDeletion(ex, p);
        send(ex, 200, "application/json", mapper.writeValueAsBytes(merged));
        return;
      }
      if (r.status() != 409 || pinned) {
        break;
      }
    }
    relay(ex, p, info, r);
  }

  /** Passes the mock's answer on, turning its bare error answers into {@code Status} objects. */
  private void relay(HttpExchange ex, ApiPath p, ResourceInfo info, MockBackend.Response r) throws IOException {
    if (r.status() < 400) {
      noteDeletion(ex, p);
      send(ex, r.status(), "application/json", r.body());
      return;
    }
    JsonNode body = null;
    try {
      body = r.body().length == 0 ? null : mapper.readTree(r.body());
    } catch (IOException notJson) {
      // fall through to a Status of our own
    }
    if (body != null && "Status".equals(body.path("kind").asText())) {
      send(ex, r.status(), "application/json", r.body());
    } else if (r.status() == 404 && p.name() != null) {
      sendJson(ex, 404, KubeStatus.notFound(mapper, info, p.name()));
    } else {
      String text = new String(r.body(), StandardCharsets.UTF_8).trim();
      sendJson(ex, r.status(), KubeStatus.failure(mapper, r.status(), KubeStatus.reasonFor(r.status()),
          text.isEmpty() ? "the embedded API answered " + r.status() : text));
    }
  }

  /** After a write to an object that existed: when the object is gone now, keeps its tombstone for watches. */
  private void noteDeletion(HttpExchange ex, ApiPath p) {
    Object before = ex.getAttribute(BEFORE);
    if (before instanceof JsonNode last && backend.getJson(p.objectPath(p.name())) == null) {
      tombstones.record(p, last);
    }
  }

  private void sendOr404(HttpExchange ex, Optional<ObjectNode> doc) throws IOException {
    if (doc.isPresent()) {
      sendJson(ex, 200, doc.get());
    } else {
      sendJson(ex, 404, KubeStatus.failure(mapper, 404, "NotFound", "the server could not find the requested resource"));
    }
  }

  private static boolean isSecret(ResourceInfo info) {
    return info.group().isEmpty() && info.kind().equals("Secret");
  }

  private static boolean wantsTable(HttpExchange ex) {
    return TableRenderer.wantsTable(String.join(",", ex.getRequestHeaders().getOrDefault("Accept", List.of())));
  }

  private static String contentType(HttpExchange ex, String fallback) {
    String t = ex.getRequestHeaders().getFirst("Content-Type");
    return t == null ? fallback : t;
  }

  private static byte[] body(HttpExchange ex) throws IOException {
    return ex.getRequestBody().readAllBytes();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int i = pair.indexOf('=');
      String k = URLDecoder.decode(i < 0 ? pair : pair.substring(0, i), StandardCharsets.UTF_8);
      String v = i < 0 ? "" : URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8);
      q.put(k, v);
    }
    return q;
  }

  static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    send(ex, status, "application/json", WRITER.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
