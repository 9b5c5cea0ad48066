package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HaloLinkStatus {
  private Long observedGeneration;
  private List<Condition> conditions = new ArrayList<>();
  private EndpointStatus endpoint;
  private AgentStatus agent;
  private PermissionsStatus permissions;
  private List<WebhookStatus> webhooks;
  @JsonPropertyDescription("Webhooks registered out of those in the spec, e.g. 1/2.")
  private String webhooksReady;
  private String lastVerifiedTime;
  @JsonPropertyDescription("The value of the psalink.io/requested-at annotation the last check answered.")
  private String lastHandledRequestedAt;

  public Long getObservedGeneration() { return observedGeneration; }
  public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
  public List<Condition> getConditions() { return conditions; }
  public void setConditions(List<Condition> conditions) { this.conditions = conditions; }
  public EndpointStatus getEndpoint() { return endpoint; }
  public void setEndpoint(EndpointStatus endpoint) { this.endpoint = endpoint; }
  public AgentStatus getAgent() { return agent; }
  public void setAgent(AgentStatus agent) { this.agent = agent; }
  public PermissionsStatus getPermissions() { return permissions; }
  public void setPermissions(PermissionsStatus permissions) { this.permissions = permissions; }
  public List<WebhookStatus> getWebhooks() { return webhooks; }
  public void setWebhooks(List<WebhookStatus> webhooks) { this.webhooks = webhooks; }
  public String getWebhooksReady() { return webhooksReady; }
  public void setWebhooksReady(String webhooksReady) { this.webhooksReady = webhooksReady; }
  public String getLastVerifiedTime() { return lastVerifiedTime; }
  public void setLastVerifiedTime(String lastVerifiedTime) { this.lastVerifiedTime = lastVerifiedTime; }
  public String getLastHandledRequestedAt() { return lastHandledRequestedAt; }
  public void setLastHandledRequestedAt(String value) { this.lastHandledRequestedAt = value; }

  public Optional<Condition> condition(String type) {
    return conditions == null ? Optional.empty()
        : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof HaloLinkStatus s)) return false;
    return Objects.equals(observedGeneration, s.observedGeneration)
        && Objects.equals(conditions, s.conditions)
        && Objects.equals(endpoint, s.endpoint)
        && Objects.equals(agent, s.agent)
        && Objects.equals(permissions, s.permissions)
        && Objects.equals(webhooks, s.webhooks)
        && Objects.equals(webhooksReady, s.webhooksReady)
        && Objects.equals(lastVerifiedTime, s.lastVerifiedTime)
        && Objects.equals(lastHandledRequestedAt, s.lastHandledRequestedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(observedGeneration, conditions, endpoint, agent, permissions, webhooks, lastVerifiedTime);
  }

  /** Where the operator found Halo's API and token endpoint. */
  public record EndpointStatus(String api, String token) {}

  /** The agent the API application logs in as. */
  public record AgentStatus(Integer id, String name, Boolean apiOnly, Boolean active) {}

  /** Permissions found granted, missing, or not verifiable without side effects. */
  public record PermissionsStatus(List<String> granted, List<String> missing, List<String> unverified) {}

  /** A webhook registered in Halo for this link. */
  public record WebhookStatus(String name, String id, String url, List<Integer> events) {}
}
