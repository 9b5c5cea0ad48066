package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The plain record endpoints: tickets, clients, contracts, items, invoices. */
final class RecordApi {
  private final Instance instance;
  private final Access access;
  private final Map<RecordKind, RecordStore> records;

  RecordApi(Instance instance, Access access, Map<RecordKind, RecordStore> records) {
    this.instance = instance;
    this.access = access;
    this.records = records;
  }

  void handle(Call call, RecordKind kind, String id) throws IOException {
    RecordStore store = records.get(kind);
    switch (call.method()) {
      case "GET" -> {
        if (access.authorize(call, kind.readPermission) == null) {
          return;
        }
        if (id == null) {
          Page page = Page.of(call, store.size(), instance.pageCap());
          ArrayNode items = Json.MAPPER.createArrayNode();
          items.addAll(store.page(page.offset(), page.limit()));
          call.json(200, page.answer(kind.plural, items));
          return;
        }
        Integer recordId = Replies.parseId(id);
        Optional<ObjectNode> record = recordId == null ? Optional.empty() : store.get(recordId);
        if (record.isPresent()) {
          call.json(200, record.get());
        } else {
          Replies.notFound(call, kind.plural);
        }
      }
      case "POST" -> {
        if (id != null) {
          Replies.methodNotAllowed(call, "GET, DELETE");
          return;
        }
        if (access.authorize(call, kind.editPermission) == null) {
          return;
        }
        postRecords(call, store);
      }
      case "DELETE" -> {
        if (id == null) {
          Replies.methodNotAllowed(call, "GET, POST");
          return;
        }
        if (access.authorize(call, kind.editPermission) == null) {
          return;
        }
        Integer recordId = Replies.parseId(id);
        if (recordId != null && store.delete(recordId)) {
          call.empty(200);
        } else {
          Replies.notFound(call, kind.plural);
        }
      }
      default -> Replies.methodNotAllowed(call, id == null ? "GET, POST" : "GET, DELETE");
    }
  }

  private void postRecords(Call call, RecordStore store) throws IOException {
    ArrayNode elements = Replies.readArray(call);
    if (elements == null) {
      return;
    }
    for (JsonNode element : elements) {
      Integer id = recordIdOf(element);
      if (id != null && store.get(id).isEmpty()) {
        Replies.notFound(call, "Record " + id);
        return;
      }
    }
    List<JsonNode> results = new ArrayList<>();
    for (JsonNode element : elements) {
      ObjectNode fields = (ObjectNode) element;
      Integer id = recordIdOf(fields);
      fields.remove("id");
      if (id == null) {
        results.add(store.create(fields));
      } else {
        Optional<ObjectNode> updated = store.update(id, fields);
        if (updated.isEmpty()) { // deleted meanwhile
          Replies.notFound(call, "Record " + id);
          return;
        }
        results.add(updated.get());
      }
    }
    Replies.answerPost(call, instance, results);
  }

  /** An id above zero means update; absent, null or 0 means create. */
  private static Integer recordIdOf(JsonNode element) {
    JsonNode id = element.get("id");
    return id != null && id.asInt(0) > 0 ? id.asInt(0) : null;
  }
}
