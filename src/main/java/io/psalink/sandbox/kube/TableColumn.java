package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.function.BiFunction;

/**
 * A Table column: its definition as sent in {@code columnDefinitions} and how a cell is computed
 * from an object (given "now", for ages).
 */
record TableColumn(
    String name,
    String type,
    String format,
    String description,
    int priority,
    BiFunction<JsonNode, Instant, Object> cell) {

  static TableColumn age() {
    return new TableColumn("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0,
        (o, now) -> HumanDuration.since(o.path("metadata").path("creationTimestamp").asText(null), now));
  }

  static TableColumn field(String name, String path, String description) {
    return new TableColumn(name, "string", "", description, 0, (o, now) -> {
      JsonNode n = o;
      for (String p : path.split("\\.")) {
        n = n.path(p);
      }
      return n.isValueNode() ? n.asText() : "";
    });
  }
}
