package io.psalink.halo;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An outgoing webhook as Halo stores it (OpenAPI schema {@code Webhook}). Fields this class does not
 * name are kept and written back, so an update round-trips what Halo had; a field that Halo did not
 * send stays absent rather than becoming 0 or false. Setters return {@code this}.
 */
@JsonAutoDetect(fieldVisibility = Visibility.NONE, getterVisibility = Visibility.NONE, isGetterVisibility = Visibility.NONE,
    setterVisibility = Visibility.NONE, creatorVisibility = Visibility.NONE)
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class HaloWebhook {

  public static final int METHOD_POST = 0;
  public static final int AUTH_NONE = 0;
  public static final int AUTH_BASIC = 1;
  public static final int TYPE_WEBHOOK = 0;

  @JsonProperty("id") private String id;
  @JsonProperty("name") private String name;
  @JsonProperty("type") private Integer type;
  @JsonProperty("url") private String url;
  @JsonProperty("method") private Integer method;
  @JsonProperty("content_type") private String contentType;
  @JsonProperty("active") private Boolean active;
  @JsonProperty("note") private String note;
  @JsonProperty("authentication_type") private Integer authenticationType;
  @JsonProperty("basic_username") private String basicUsername;
  @JsonProperty("basic_password") private String basicPassword;

  /** Event codes ({@code eventno}); null when Halo's answer had no {@code events}. */
  @JsonIgnore private List<Integer> events;
  /** The event objects as Halo sent them, by event code, so an update keeps their other fields. */
  @JsonIgnore private final Map<Integer, JsonNode> eventObjects = new LinkedHashMap<>();
  @JsonIgnore private final Map<String, Object> other = new LinkedHashMap<>();

  public HaloWebhook() {}

  /** A new outgoing JSON webhook (POST, type 0, active, no authentication). */
  public static HaloWebhook create(String name, String url, List<Integer> events) {
    return new HaloWebhook().setName(name).setUrl(url).setEvents(events).setType(TYPE_WEBHOOK).setMethod(METHOD_POST)
        .setContentType("application/json").setActive(true).setAuthenticationType(AUTH_NONE);
  }

  public String getId() { return id; }
  public HaloWebhook setId(String id) { this.id = id; return this; }
  public String getName() { return name; }
  public HaloWebhook setName(String name) { this.name = name; return this; }
  public Integer getType() { return type; }
  public HaloWebhook setType(Integer type) { this.type = type; return this; }
  public String getUrl() { return url; }
  public HaloWebhook setUrl(String url) { this.url = url; return this; }
  /** 0 = POST (a guess from one community client). */
  public Integer getMethod() { return method; }
  public HaloWebhook setMethod(Integer method) { this.method = method; return this; }
  public String getContentType() { return contentType; }
  public HaloWebhook setContentType(String contentType) { this.contentType = contentType; return this; }
  public Boolean getActive() { return active; }
  public HaloWebhook setActive(Boolean active) { this.active = active; return this; }
  public String getNote() { return note; }
  public HaloWebhook setNote(String note) { this.note = note; return this; }
  /** 0 none, 1 basic (a guess from one community client). */
  public Integer getAuthenticationType() { return authenticationType; }
  public HaloWebhook setAuthenticationType(Integer authenticationType) { this.authenticationType = authenticationType; return this; }
  public String getBasicUsername() { return basicUsername; }
  public HaloWebhook setBasicUsername(String basicUsername) { this.basicUsername = basicUsername; return this; }
  public String getBasicPassword() { return basicPassword; }
  public HaloWebhook setBasicPassword(String basicPassword) { this.basicPassword = basicPassword; return this; }
  public List<Integer> getEvents() { return events; }
  public HaloWebhook setEvents(List<Integer> events) { this.events = events == null ? null : List.copyOf(events); return this; }

  /** Fields Halo sent that this class does not name (read-only view). */
  public Map<String, Object> getOther() { return java.util.Collections.unmodifiableMap(other); }

  @JsonAnySetter
  void putOther(String key, Object value) { other.put(key, value); }

  @JsonAnyGetter
  Map<String, Object> other() { return other; }

  @JsonProperty("events")
  JsonNode eventsJson() {
    if (events == null) {
      return null;
    }
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (Integer n : events) {
      JsonNode known = eventObjects.get(n);
      array.add(known != null ? known.deepCopy() : JsonNodeFactory.instance.objectNode().put("eventno", n));
    }
    return array;
  }

  @JsonProperty("events")
  void eventsJson(JsonNode json) {
    eventObjects.clear();
    if (json == null || json.isNull()) {
      events = null;
      return;
    }
    List<Integer> codes = new ArrayList<>();
    for (JsonNode e : json) {
      JsonNode no = e.isObject() ? e.get("eventno") : e;
      Integer code = no == null ? null
          : no.isIntegralNumber() && no.canConvertToInt() ? Integer.valueOf(no.intValue())
          : no.isTextual() && no.asText().strip().matches("-?\\d{1,9}") ? Integer.valueOf(no.asText().strip())
          : null;
      if (code != null) {
        codes.add(code);
        if (e instanceof ObjectNode) {
          eventObjects.putIfAbsent(code, e);
        }
      }
    }
    events = List.copyOf(codes);
  }

  @Override
  public String toString() {
    return "HaloWebhook[id=" + id + ", name=" + name + ", url=" + url + ", method=" + method + ", active=" + active
        + ", authenticationType=" + authenticationType + ", basicUsername=" + basicUsername
        + ", basicPassword=" + (basicPassword == null ? null : "***") + ", events=" + events + ", note=" + note + "]";
  }
}
