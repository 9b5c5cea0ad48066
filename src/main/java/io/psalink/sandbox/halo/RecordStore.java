package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** The records of one kind in one instance, ordered by integer id. */
final class RecordStore {
  private final RecordKind kind;
  private final TreeMap<Integer, ObjectNode> byId = new TreeMap<>();
  private int nextId = 1;

  RecordStore(RecordKind kind, int initialCount) {
    this.kind = kind;
    seed(initialCount);
  }

  /** Replaces the contents with {@code count} generated records, ids 1..count. */
  synchronized void seed(int count) {
    byId.clear();
    for (int id = 1; id <= count; id++) {
      byId.put(id, kind.sample(id));
    }
    nextId = count + 1;
  }

  synchronized int size() {
    return byId.size();
  }

  /** Copies of the records from position {@code offset}, at most {@code limit}. */
  synchronized List<ObjectNode> page(int offset, int limit) {
    List<ObjectNode> out = new ArrayList<>(Math.min(limit, byId.size()));
    int position = 0;
    for (ObjectNode node : byId.values()) {
      if (position++ < offset) {
        continue;
      }
      if (out.size() >= limit) {
        break;
      }
      out.add(node.deepCopy());
    }
    return out;
  }

  synchronized Optional<ObjectNode> get(int id) {
    return Optional.ofNullable(byId.get(id)).map(ObjectNode::deepCopy);
  }

  synchronized ObjectNode create(ObjectNode fields) {
    int id = nextId++;
    ObjectNode node = kind.sample(id);
    node.setAll(fields);
    node.put("id", id);
    byId.put(id, node);
    return node.deepCopy();
  }

  /** Merges {@code fields} into the record; empty when it does not exist. */
  synchronized Optional<ObjectNode> update(int id, ObjectNode fields) {
    ObjectNode node = byId.get(id);
    if (node == null) {
      return Optional.empty();
    }
    node.setAll(fields);
    node.put("id", id);
    return Optional.of(node.deepCopy());
  }

  synchronized boolean delete(int id) {
    return byId.remove(id) != null;
  }
}
