package io.psalink.sandbox.halo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A Halo agent (OpenAPI schema {@code Uname}), mutable so a test can change it while a client runs.
 * New agents are active and API-only, the correct setup; tests flip fields to model mistakes.
 */
public final class Agent {
  private final int id;
  private volatile String name;
  private volatile boolean apiOnly = true;
  private volatile boolean disabled;
  private volatile boolean admin;
  private volatile List<String> roles = List.of("API");
  private volatile String email;

  public Agent(int id, String name) {
    this.id = id;
    this.name = name;
  }

  public int id() { return id; }
  public String name() { return name; }
  public boolean apiOnly() { return apiOnly; }
  public boolean disabled() { return disabled; }
  public boolean admin() { return admin; }
  public List<String> roles() { return roles; }
  public String email() { return email; }

  public Agent setName(String name) { this.name = name; return this; }
  public Agent setApiOnly(boolean apiOnly) { this.apiOnly = apiOnly; return this; }
  public Agent setDisabled(boolean disabled) { this.disabled = disabled; return this; }
  public Agent setAdmin(boolean admin) { this.admin = admin; return this; }
  public Agent setRoles(List<String> roles) { this.roles = List.copyOf(roles); return this; }
  public Agent setEmail(String email) { this.email = email; return this; }

  /** The JSON Halo answers for {@code GET /api/Agent/me} and agent lists: a realistic slice of the ~300 fields. */
  ObjectNode toJson() {
    String current = name;
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("id", id);
    node.put("name", current);
    int split = current.indexOf('_');
    node.put("firstname", split > 0 ? current.substring(0, split) : current);
    node.put("surname", split > 0 ? current.substring(split + 1) : "");
    node.put("email", email != null ? email : current + "@example.invalid");
    node.put("isapiagent", apiOnly);
    node.put("isdisabled", disabled);
    node.put("is_admin", admin);
    node.put("is_agent", true);
    node.put("use", "agent");
    node.put("licence_type", apiOnly ? "api" : "agent");
    ArrayNode roleArray = node.putArray("roles");
    List<String> currentRoles = roles;
    for (int i = 0; i < currentRoles.size(); i++) {
      roleArray.addObject().put("id", i + 1).put("name", currentRoles.get(i));
    }
    node.put("role_list", String.join(", ", currentRoles));
    node.put("team", "API");
    node.put("twofactor_enabled", false);
    return node;
  }

  @Override
  public String toString() {
    return "Agent[id=" + id + ", name=" + name + ", apiOnly=" + apiOnly + ", disabled=" + disabled + "]";
  }
}
