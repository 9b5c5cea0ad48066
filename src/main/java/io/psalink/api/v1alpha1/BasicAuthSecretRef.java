package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class BasicAuthSecretRef {
  @Required
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.NAME_PATTERN)
  private String name;

  @Default("username")
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.KEY_PATTERN)
  @JsonPropertyDescription("Key holding the username. Default username.")
  private String usernameKey;

  @Default("password")
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.KEY_PATTERN)
  @JsonPropertyDescription("Key holding the password. Default password.")
  private String passwordKey;

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getUsernameKey() { return usernameKey; }
  public void setUsernameKey(String usernameKey) { this.usernameKey = usernameKey; }
  public String getPasswordKey() { return passwordKey; }
  public void setPasswordKey(String passwordKey) { this.passwordKey = passwordKey; }

  public String effectiveUsernameKey() { return SecretKeys.orDefault(usernameKey, "username"); }
  public String effectivePasswordKey() { return SecretKeys.orDefault(passwordKey, "password"); }
}
