package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class WebhookSpec {
  @Required
  @Size(min = 1, max = 63)
  @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of the webhook, unique in this link; Halo shows it prefixed with the link.")
  private String name;

  @Required
  @Size(min = 1, max = 2048)
  @Pattern("^https://[\\x21\\x22\\x24-\\x3e\\x40-\\x7e]+(\\?[\\x21\\x22\\x24-\\x7e]*)?$")
  @JsonPropertyDescription("Where Halo delivers events; https.")
  private String url;

  @Required
  @Size(min = 1, max = 64)
  @JsonPropertyDescription("Halo event codes (eventno) that trigger this webhook; at least one.")
  private List<@Min(1) Integer> events;

  @JsonPropertyDescription("Secret with the Basic auth username and password Halo sends.")
  private BasicAuthSecretRef basicAuthSecretRef;

  public WebhookSpec() {}

  public WebhookSpec(String name, String url, List<Integer> events) {
    this.name = name;
    this.url = url;
    this.events = events;
  }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getUrl() { return url; }
  public void setUrl(String url) { this.url = url; }
  public List<Integer> getEvents() { return events; }
  public void setEvents(List<Integer> events) { this.events = events; }
  public BasicAuthSecretRef getBasicAuthSecretRef() { return basicAuthSecretRef; }
  public void setBasicAuthSecretRef(BasicAuthSecretRef ref) { this.basicAuthSecretRef = ref; }
}
