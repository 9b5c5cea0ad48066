package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders objects as a {@code meta.k8s.io/v1 Table}, which kubectl asks for to print
 * {@code get} output. NAME comes first; the other columns come from the resource type.
 */
final class TableRenderer {

  /** How much of each object the rows carry: the {@code includeObject} query parameter. */
  enum Include {
    NONE, METADATA, OBJECT;

    static Include of(String param) {
      if (param == null || param.isEmpty() || param.equalsIgnoreCase("Metadata")) {
        return METADATA;
      }
      return param.equalsIgnoreCase("None") ? NONE : OBJECT;
    }
  }

  static final TableColumn NAME = new TableColumn("Name", "string", "name",
      "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated.",
      0, (o, now) -> o.path("metadata").path("name").asText());

  private final ObjectMapper mapper;

  TableRenderer(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  static List<TableColumn> columns(ResourceInfo info) {
    List<TableColumn> cols = new ArrayList<>();
    if (!(info.group().isEmpty() && info.kind().equals("Event"))) {
      cols.add(NAME); // core Events are listed without their (generated) names, as kubectl users know them
    }
    if (info.columns().isEmpty()) {
      cols.add(TableColumn.age());
    } else {
      cols.addAll(info.columns());
    }
    return cols;
  }

  ObjectNode render(ResourceInfo info, List<JsonNode> objects, Include include, String resourceVersion, Instant now) {
    List<TableColumn> cols = columns(info);
    ObjectNode table = mapper.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    ObjectNode meta = table.putObject("metadata");
    if (resourceVersion != null) {
      meta.put("resourceVersion", resourceVersion);
    }
    ArrayNode defs = table.putArray("columnDefinitions");
    for (TableColumn c : cols) {
      ObjectNode d = defs.addObject();
      d.put("name", c.name());
      d.put("type", c.type());
      d.put("format", c.format());
      d.put("description", c.description());
      d.put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode o : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (TableColumn c : cols) {
        cells.add(mapper.valueToTree(c.cell().apply(o, now)));
      }
      switch (include) {
        case OBJECT:
          row.set("object", o);
          break;
        case METADATA:
          ObjectNode partial = row.putObject("object");
          partial.put("kind", "PartialObjectMetadata");
          partial.put("apiVersion", "meta.k8s.io/v1");
          partial.set("metadata", o.path("metadata"));
          break;
        default:
          break;
      }
    }
    return table;
  }

  /** True when the Accept header asks for a Table (kubectl lists Table first, JSON as fallback). */
  static boolean wantsTable(String accept) {
    if (accept == null) {
      return false;
    }
    for (String part : accept.split(",")) {
      if (part.contains("as=Table") && part.contains("g=meta.k8s.io") && !part.contains("q=0,") && !part.trim().endsWith("q=0")) {
        return true;
      }
    }
    return false;
  }
}
