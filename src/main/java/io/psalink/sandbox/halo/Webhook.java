package io.psalink.sandbox.halo;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;

/**
 * A Halo webhook (OpenAPI schema {@code Webhook}), the fields the operator touches. A plain mutable
 * value: the store hands out copies, so changing one changes nothing until it is put back.
 * Numeric enums as seen in a community client: method 0 = POST; authentication_type 0 none, 1 basic.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Webhook {
  /** One subscribed event ({@code UnameNotification}); only its code matters here. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Event(@JsonProperty("eventno") Integer eventno) {}

  @JsonProperty("id") public String id;
  @JsonProperty("name") public String name;
  @JsonProperty("type") public Integer type = 0;
  @JsonProperty("url") public String url;
  @JsonProperty("method") public Integer method = 0;
  @JsonProperty("content_type") public String contentType = "application/json";
  @JsonProperty("active") public Boolean active = true;
  @JsonProperty("disabled") public Boolean disabled = false;
  @JsonProperty("note") public String note;
  @JsonProperty("authentication_type") public Integer authenticationType = 0;
  @JsonProperty("basic_username") public String basicUsername;
  @JsonProperty("basic_password") public String basicPassword;
  @JsonProperty("payload_type") public Integer payloadType = 0;
  @JsonProperty("events") public List<Event> events = new ArrayList<>();

  public Webhook() {}

  /** A webhook as a client would create it: POST to {@code url} on the given event codes. */
  public static Webhook of(String name, String url, int... eventNumbers) {
    Webhook webhook = new Webhook();
    webhook.name = name;
    webhook.url = url;
    for (int eventno : eventNumbers) {
      webhook.events.add(new Event(eventno));
    }
    return webhook;
  }

  @JsonIgnore
  public List<Integer> eventNumbers() {
    List<Integer> numbers = new ArrayList<>();
    if (events != null) {
      for (Event event : events) {
        numbers.add(event == null ? null : event.eventno());
      }
    }
    return numbers;
  }

  public Webhook copy() {
    return Json.MAPPER.convertValue(this, Webhook.class);
  }

  @Override
  public String toString() {
    return "Webhook[id=" + id + ", name=" + name + ", url=" + url + ", events=" + eventNumbers()
        + ", note=" + note + ", authentication_type=" + authenticationType
        + ", basic_password=" + (basicPassword == null ? "null" : "REDACTED") + "]";
  }
}
