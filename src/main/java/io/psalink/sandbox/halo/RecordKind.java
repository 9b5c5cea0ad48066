package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** The plain record lists the simulator serves, their route, list key and guarding permissions. */
enum RecordKind {
  TICKETS("tickets", "tickets", "read:tickets", "edit:tickets") {
    @Override
    ObjectNode sample(int id) {
      return node(id).put("summary", "Ticket " + id).put("client_id", 1 + id % 7).put("status_id", 1);
    }
  },
  CLIENTS("client", "clients", "read:customers", "edit:customers") {
    @Override
    ObjectNode sample(int id) {
      return node(id).put("name", "Client " + id).put("inactive", false);
    }
  },
  CONTRACTS("clientcontract", "contracts", "read:contracts", "edit:contracts") {
    @Override
    ObjectNode sample(int id) {
      return node(id).put("ref", "CON-" + id).put("client_id", 1 + id % 7).put("active", true);
    }
  },
  ITEMS("item", "items", "read:items", "edit:items") {
    @Override
    ObjectNode sample(int id) {
      return node(id).put("name", "Item " + id).put("baseprice", 10.0 * id);
    }
  },
  INVOICES("invoice", "invoices", "read:invoices", "edit:invoices") {
    @Override
    ObjectNode sample(int id) {
      return node(id).put("client_id", 1 + id % 7).put("total", 100.0 + id);
    }
  };

  final String route;
  final String plural;
  final String readPermission;
  final String editPermission;

  RecordKind(String route, String plural, String readPermission, String editPermission) {
    this.route = route;
    this.plural = plural;
    this.readPermission = readPermission;
    this.editPermission = editPermission;
  }

  abstract ObjectNode sample(int id);

  static RecordKind byRoute(String lowerCaseSegment) {
    for (RecordKind kind : values()) {
      if (kind.route.equals(lowerCaseSegment)) {
        return kind;
      }
    }
    return null;
  }

  static RecordKind byPlural(String plural) {
    for (RecordKind kind : values()) {
      if (kind.plural.equals(plural.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    return null;
  }

  private static ObjectNode node(int id) {
    return Json.MAPPER.createObjectNode().put("id", id);
  }
}
