package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Halo's routes below an instance prefix: token, authinfo and the API resources. */
final class ApiRouter {
  private static final int DEFAULT_PAGE_SIZE = 50;

  private final Instance instance;
  private final TokenService tokens;
  private final WebhookStore webhooks;
  private final Map<RecordKind, RecordStore> records;

  ApiRouter(Instance instance, TokenService tokens, WebhookStore webhooks, Map<RecordKind, RecordStore> records) {
    this.instance = instance;
    this.tokens = tokens;
    this.webhooks = webhooks;
    this.records = records;
  }

  void route(Call call) throws IOException {
    List<String> s = call.segments();
    if (call.onAuthHost()) {
      if (instance.separateAuthHost() && s.equals(List.of("token"))) {
        tokens.handleTokenCall(call);
      } else {
        call.empty(404);
      }
      return;
    }
    if (s.equals(List.of("auth", "token"))) {
      if (instance.separateAuthHost()) {
        call.empty(404);
      } else {
        tokens.handleTokenCall(call);
      }
      return;
    }
    if (s.size() < 2 || s.size() > 3 || !s.get(0).equals("api")) {
      call.empty(404);
      return;
    }
    String resource = s.get(1);
    String id = s.size() == 3 ? s.get(2) : null;
    switch (resource) {
      case "authinfo" -> authInfo(call, id);
      case "agent" -> agents(call, id);
      case "webhook" -> webhooks(call, id);
      case "webhookevent" -> webhookEvents(call, id);
      default -> {
        RecordKind kind = RecordKind.byRoute(resource);
        if (kind == null) {
          call.empty(404);
        } else {
          records(call, kind, id);
        }
      }
    }
  }

  // ---- authinfo: no token needed

  private void authInfo(Call call, String id) throws IOException {
    if (id != null || !instance.authInfoAvailable()) {
      call.empty(404);
      return;
    }
    if (!call.method().equals("GET")) {
      methodNotAllowed(call, "GET");
      return;
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("auth_url", instance.authUrl());
    String tenant = instance.requiredTenant();
    body.put("tenant_id", tenant != null ? tenant : instance.name());
    call.json(200, body);
  }

  // ---- agents: any valid token

  private void agents(Call call, String id) throws IOException {
    if (!call.method().equals("GET")) {
      methodNotAllowed(call, "GET");
      return;
    }
    TokenService.Grant grant = authorize(call, null);
    if (grant == null) {
      return;
    }
    if ("me".equals(id)) {
      call.json(200, grant.agent().toJson());
      return;
    }
    List<Agent> agents = instance.agents();
    if (id == null) {
      Page page = Page.of(call, agents.size(), instance.pageCap());
      ArrayNode items = Json.MAPPER.createArrayNode();
      for (int i = page.offset(); i < Math.min(agents.size(), page.offset() + page.limit()); i++) {
        items.add(agents.get(i).toJson());
      }
      call.json(200, page.answer("agents", items));
      return;
    }
    Integer agentId = parseId(id);
    Optional<Agent> agent = agents.stream().filter(a -> agentId != null && a.id() == agentId).findFirst();
    if (agent.isPresent()) {
      call.json(200, agent.get().toJson());
    } else {
      notFound(call, "Agent");
    }
  }

  // ---- plain records: tickets, clients, contracts, items, invoices

  private void records(Call call, RecordKind kind, String id) throws IOException {
    RecordStore store = records.get(kind);
    switch (call.method()) {
      case "GET" -> {
        if (authorize(call, kind.readPermission) == null) {
          return;
        }
        if (id == null) {
          Page page = Page.of(call, store.size(), instance.pageCap());
          ArrayNode items = Json.MAPPER.createArrayNode();
          items.addAll(store.page(page.offset(), page.limit()));
          call.json(200, page.answer(kind.plural, items));
          return;
        }
        Integer recordId = parseId(id);
        Optional<ObjectNode> record = recordId == null ? Optional.empty() : store.get(recordId);
        if (record.isPresent()) {
          call.json(200, record.get());
        } else {
          notFound(call, kind.plural);
        }
      }
      case "POST" -> {
        if (id != null) {
          methodNotAllowed(call, "GET, DELETE");
          return;
        }
        if (authorize(call, kind.editPermission) == null) {
          return;
        }
        postRecords(call, store);
      }
      case "DELETE" -> {
        if (id == null) {
          methodNotAllowed(call, "GET, POST");
          return;
        }
        if (authorize(call, kind.editPermission) == null) {
          return;
        }
        Integer recordId = parseId(id);
        if (recordId != null && store.delete(recordId)) {
          call.empty(200);
        } else {
          notFound(call, kind.plural);
        }
      }
      default -> methodNotAllowed(call, id == null ? "GET, POST" : "GET, DELETE");
    }
  }

  private void postRecords(Call call, RecordStore store) throws IOException {
    ArrayNode elements = readArray(call);
    if (elements == null) {
      return;
    }
    for (JsonNode element : elements) {
      Integer id = recordIdOf(element);
      if (id != null && store.get(id).isEmpty()) {
        notFound(call, "Record " + id);
        return;
      }
    }
    List<JsonNode> results = new ArrayList<>();
    for (JsonNode element : elements) {
      ObjectNode fields = (ObjectNode) element;
      Integer id = recordIdOf(fields);
      fields.remove("id");
      results.add(id == null ? store.create(fields) : store.update(id, fields).orElseThrow());
    }
    answerPost(call, results);
  }

  /** An id above zero means update; absent, null or 0 means create. */
  private static Integer recordIdOf(JsonNode element) {
    JsonNode id = element.get("id");
    return id != null && id.canConvertToInt() && id.asInt() > 0 ? id.asInt() : null;
  }

  // ---- webhooks

  private void webhooks(Call call, String id) throws IOException {
    switch (call.method()) {
      case "GET" -> {
        if (authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
          return;
        }
        if (id == null) {
          Integer type = parseInt(call.query("type"));
          ArrayNode list = Json.MAPPER.createArrayNode();
          for (Webhook webhook : webhooks.list()) {
            int webhookType = webhook.type == null ? 0 : webhook.type;
            if (type == null || type == webhookType) {
              list.add(readable(webhook));
            }
          }
          call.json(200, list);
          return;
        }
        Optional<Webhook> webhook = webhooks.get(id);
        if (webhook.isPresent()) {
          call.json(200, readable(webhook.get()));
        } else {
          notFound(call, "Webhook");
        }
      }
      case "POST" -> {
        if (id != null) {
          methodNotAllowed(call, "GET, DELETE");
          return;
        }
        if (authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
          return;
        }
        postWebhooks(call);
      }
      case "DELETE" -> {
        if (id == null) {
          methodNotAllowed(call, "GET, POST");
          return;
        }
        if (authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
          return;
        }
        if (webhooks.delete(id)) {
          call.empty(200);
        } else {
          notFound(call, "Webhook");
        }
      }
      default -> methodNotAllowed(call, id == null ? "GET, POST" : "GET, DELETE");
    }
  }

  private void postWebhooks(Call call) throws IOException {
    ArrayNode elements = readArray(call);
    if (elements == null) {
      return;
    }
    // validate every element before storing any, so a bad batch changes nothing
    List<Webhook> merged = new ArrayList<>();
    for (JsonNode element : elements) {
      String id = element.hasNonNull("id") ? element.get("id").asText() : null;
      Webhook webhook;
      try {
        if (id == null || id.isBlank()) {
          webhook = Json.MAPPER.treeToValue(element, Webhook.class);
          webhook.id = null;
        } else {
          Optional<Webhook> existing = webhooks.get(id);
          if (existing.isEmpty()) {
            notFound(call, "Webhook");
            return;
          }
          webhook = Json.MAPPER.readerForUpdating(existing.get()).readValue(element);
          webhook.id = existing.get().id;
        }
      } catch (IOException | IllegalArgumentException e) {
        // Jackson's message could quote the body (and a basic_password): never echo it
        badRequest(call, "A webhook field has the wrong type.");
        return;
      }
      String problem = validate(webhook);
      if (problem != null) {
        badRequest(call, problem);
        return;
      }
      merged.add(webhook);
    }
    List<JsonNode> results = new ArrayList<>();
    for (Webhook webhook : merged) {
      results.add(readable(webhooks.put(webhook)));
    }
    answerPost(call, results);
  }

  private static String validate(Webhook webhook) {
    if (webhook.url == null || webhook.url.isBlank()) {
      return "Please enter a URL for the webhook.";
    }
    if (webhook.events == null || webhook.events.isEmpty()) {
      return "Please select at least one event for the webhook.";
    }
    for (Webhook.Event event : webhook.events) {
      if (event == null || event.eventno() == null) {
        return "Every webhook event needs an eventno.";
      }
    }
    return null;
  }

  private JsonNode readable(Webhook webhook) {
    ObjectNode node = Json.MAPPER.valueToTree(webhook);
    if (instance.maskWebhookPasswords()) {
      node.putNull("basic_password");
    }
    return node;
  }

  private void webhookEvents(Call call, String id) throws IOException {
    if (id != null) {
      call.empty(404);
      return;
    }
    if (!call.method().equals("GET")) {
      methodNotAllowed(call, "GET");
      return;
    }
    if (authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
      return;
    }
    // the simulator delivers nothing, so there is no delivery to list
    call.json(200, Json.MAPPER.createArrayNode());
  }

  // ---- shared pieces

  /**
   * The grant behind the bearer token when it may use {@code permission} (null: any valid token);
   * otherwise answers 401 or 403 and returns null.
   */
  private TokenService.Grant authorize(Call call, String permission) throws IOException {
    TokenService.Grant grant = tokens.grantFor(call.bearerToken());
    if (grant == null) {
      unauthorized(call);
      return null;
    }
    if (grant.scopeless()) {
      if (instance.noScopeMode() == Instance.NoScopeMode.UNAUTHORIZED) {
        unauthorized(call);
      } else {
        forbidden(call);
      }
      return null;
    }
    if (permission != null && (!grant.allows(permission) || instance.denies(grant.agent(), permission))) {
      forbidden(call);
      return null;
    }
    return grant;
  }

  private static void unauthorized(Call call) throws IOException {
    call.setHeader("WWW-Authenticate", "Bearer");
    call.empty(401);
  }

  private void forbidden(Call call) throws IOException {
    String message = "You do not have permission to access this resource.";
    switch (instance.forbiddenBody()) {
      case EMPTY -> call.empty(403);
      case TEXT -> call.text(403, message);
      case JSON -> call.json(403, Map.of("message", message));
    }
  }

  private static void notFound(Call call, String what) throws IOException {
    call.json(404, Map.of("message", what + " not found."));
  }

  private static void badRequest(Call call, String message) throws IOException {
    call.json(400, Map.of("message", message));
  }

  private static void methodNotAllowed(Call call, String allowed) throws IOException {
    call.setHeader("Allow", allowed);
    call.empty(405);
  }

  /** The request body as a JSON array of objects, or null after answering 400. */
  private static ArrayNode readArray(Call call) throws IOException {
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(call.body());
    } catch (IOException e) {
      badRequest(call, "The request body is not valid JSON.");
      return null;
    }
    if (body == null || !body.isArray() || body.isEmpty()) {
      badRequest(call, "The request body must be a non-empty JSON array.");
      return null;
    }
    for (JsonNode element : body) {
      if (!element.isObject()) {
        badRequest(call, "Every element of the request body must be a JSON object.");
        return null;
      }
    }
    return (ArrayNode) body;
  }

  private void answerPost(Call call, List<JsonNode> results) throws IOException {
    if (results.size() == 1 && instance.postReturns() == Instance.PostReturns.OBJECT) {
      call.json(instance.postStatus(), results.get(0));
    } else {
      call.json(instance.postStatus(), results);
    }
  }

  private static Integer parseId(String s) {
    Integer id = parseInt(s);
    return id != null && id > 0 ? id : null;
  }

  private static Integer parseInt(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Halo's paging: {@code pageinate=true&page_size&page_no} (1-based) or {@code count}, always capped. */
  private record Page(int offset, int limit, boolean paginated, int pageNo, int total) {
    static Page of(Call call, int total, int cap) {
      if ("true".equalsIgnoreCase(call.query("pageinate"))) {
        int size = Math.min(positiveOr(call.query("page_size"), DEFAULT_PAGE_SIZE), cap);
        int pageNo = positiveOr(call.query("page_no"), 1);
        long offset = (long) (pageNo - 1) * size;
        return new Page((int) Math.min(offset, Integer.MAX_VALUE), size, true, pageNo, total);
      }
      return new Page(0, Math.min(positiveOr(call.query("count"), cap), cap), false, 1, total);
    }

    ObjectNode answer(String plural, ArrayNode items) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      if (paginated) {
        body.put("page_no", pageNo);
        body.put("page_size", limit);
      }
      body.put("record_count", total);
      body.set(plural, items);
      return body;
    }

    private static int positiveOr(String value, int fallback) {
      Integer parsed = parseInt(value);
      return parsed != null && parsed > 0 ? parsed : fallback;
    }
  }
}
