package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CaSecretRef {
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.NAME_PATTERN)
  private String name;

  @Default("ca.crt")
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.KEY_PATTERN)
  @JsonPropertyDescription("Key holding the PEM certificate of the CA. Default ca.crt.")
  private String key;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getKey() { return key; }
  public void setKey(String key) { this.key = key; }

  public String effectiveKey() { return SecretKeys.orDefault(key, "ca.crt"); }
}
