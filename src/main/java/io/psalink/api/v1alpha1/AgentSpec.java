package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

public class AgentSpec {
  @Required
  @Size(min = 1, max = 256)
  @JsonPropertyDescription("Name of the API-only agent the application must log in as.")
  private String name;

  public AgentSpec() {}

  public AgentSpec(String name) { this.name = name; }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
}
