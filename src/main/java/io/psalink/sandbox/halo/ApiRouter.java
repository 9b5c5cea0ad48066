package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Halo's routes below an instance prefix: token, authinfo and the API resources. */
final class ApiRouter {
  private final Instance instance;
  private final TokenService tokens;
  private final Access access;
  private final RecordApi recordApi;
  private final WebhookApi webhookApi;

  ApiRouter(Instance instance, TokenService tokens, WebhookStore webhooks, Map<RecordKind, RecordStore> records) {
    this.instance = instance;
    this.tokens = tokens;
    this.access = new Access(instance, tokens);
    this.recordApi = new RecordApi(instance, access, records);
    this.webhookApi = new WebhookApi(instance, access, webhooks);
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
      case "webhook" -> webhookApi.handle(call, id);
      case "webhookevent" -> webhookApi.events(call, id);
      default -> {
        RecordKind kind = RecordKind.byRoute(resource);
        if (kind == null) {
          call.empty(404);
        } else {
          recordApi.handle(call, kind, id);
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
      Replies.methodNotAllowed(call, "GET");
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
      Replies.methodNotAllowed(call, "GET");
      return;
    }
    TokenService.Grant grant = access.authorize(call, null);
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
    Integer agentId = Replies.parseId(id);
    Optional<Agent> agent = agents.stream().filter(a -> agentId != null && a.id() == agentId).findFirst();
    if (agent.isPresent()) {
      call.json(200, agent.get().toJson());
    } else {
      Replies.notFound(call, "Agent");
    }
  }

}
