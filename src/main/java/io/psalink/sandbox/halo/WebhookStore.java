package io.psalink.sandbox.halo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/** The webhooks of one instance, in creation order, keyed by UUID (compared ignoring case). */
final class WebhookStore {
  private final Map<String, Webhook> byId = new LinkedHashMap<>();

  synchronized List<Webhook> list() {
    List<Webhook> copies = new ArrayList<>(byId.size());
    for (Webhook webhook : byId.values()) {
      copies.add(webhook.copy());
    }
    return copies;
  }

  synchronized Optional<Webhook> get(String id) {
    Webhook webhook = id == null ? null : byId.get(key(id));
    return Optional.ofNullable(webhook).map(Webhook::copy);
  }

  /** Stores a copy; a webhook without id gets a new UUID. Returns the stored state. */
  synchronized Webhook put(Webhook webhook) {
    Webhook stored = webhook.copy();
    if (stored.id == null || stored.id.isBlank()) {
      stored.id = UUID.randomUUID().toString();
    }
    byId.put(key(stored.id), stored);
    return stored.copy();
  }

  /** Applies {@code change} to the stored webhook; empty when it does not exist. */
  synchronized Optional<Webhook> update(String id, Consumer<Webhook> change) {
    Webhook stored = byId.get(key(id));
    if (stored == null) {
      return Optional.empty();
    }
    Webhook changed = stored.copy();
    change.accept(changed);
    changed.id = stored.id;
    byId.put(key(id), changed);
    return Optional.of(changed.copy());
  }

  synchronized boolean delete(String id) {
    return byId.remove(key(id)) != null;
  }

  private static String key(String id) {
    return id.trim().toLowerCase(Locale.ROOT);
  }
}
