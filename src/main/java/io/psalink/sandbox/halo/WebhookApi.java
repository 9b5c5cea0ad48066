package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /api/Webhook} and {@code /api/WebhookEvent}, all guarded by {@code admin:webhooks}. */
final class WebhookApi {
  private final Instance instance;
  private final Access access;
  private final WebhookStore webhooks;

  WebhookApi(Instance instance, Access access, WebhookStore webhooks) {
    this.instance = instance;
    this.access = access;
    this.webhooks = webhooks;
  }

  void handle(Call call, String id) throws IOException {
    switch (call.method()) {
      case "GET" -> {
        if (access.authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
          return;
        }
        if (id == null) {
          Integer type = Replies.parseInt(call.query("type"));
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
          Replies.notFound(call, "Webhook");
        }
      }
      case "POST" -> {
        if (id != null) {
          Replies.methodNotAllowed(call, "GET, DELETE");
          return;
        }
        if (access.authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
          return;
        }
        postWebhooks(call);
      }
      case "DELETE" -> {
        if (id == null) {
          Replies.methodNotAllowed(call, "GET, POST");
          return;
        }
        if (access.authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
          return;
        }
        if (webhooks.delete(id)) {
          call.empty(200);
        } else {
          Replies.notFound(call, "Webhook");
        }
      }
      default -> Replies.methodNotAllowed(call, id == null ? "GET, POST" : "GET, DELETE");
    }
  }

  private void postWebhooks(Call call) throws IOException {
    ArrayNode elements = Replies.readArray(call);
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
            Replies.notFound(call, "Webhook");
            return;
          }
          webhook = Json.MAPPER.readerForUpdating(existing.get()).readValue(element);
          webhook.id = existing.get().id;
        }
      } catch (IOException | IllegalArgumentException e) {
        // Jackson's message could quote the body (and a basic_password): never echo it
        Replies.badRequest(call, "A webhook field has the wrong type.");
        return;
      }
      String problem = validate(webhook);
      if (problem != null) {
        Replies.badRequest(call, problem);
        return;
      }
      merged.add(webhook);
    }
    List<JsonNode> results = new ArrayList<>();
    for (Webhook webhook : merged) {
      results.add(readable(webhooks.put(webhook)));
    }
    Replies.answerPost(call, instance, results);
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

  void events(Call call, String id) throws IOException {
    if (id != null) {
      call.empty(404);
      return;
    }
    if (!call.method().equals("GET")) {
      Replies.methodNotAllowed(call, "GET");
      return;
    }
    if (access.authorize(call, Scopes.ADMIN_WEBHOOKS) == null) {
      return;
    }
    // the simulator delivers nothing, so there is no delivery to list
    call.json(200, Json.MAPPER.createArrayNode());
  }
}
