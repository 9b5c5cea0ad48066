package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class CredentialsSecretRef {
  public static final String DEFAULT_CLIENT_ID_KEY = "client_id";
  public static final String DEFAULT_CLIENT_SECRET_KEY = "client_secret";

  @Required
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.NAME_PATTERN)
  @JsonPropertyDescription("Name of the Secret in the link's namespace.")
  private String name;

  @Default(DEFAULT_CLIENT_ID_KEY)
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.KEY_PATTERN)
  @JsonPropertyDescription("Key holding the Client ID. Default client_id.")
  private String clientIdKey;

  @Default(DEFAULT_CLIENT_SECRET_KEY)
  @Size(min = 1, max = 253)
  @Pattern(SecretKeys.KEY_PATTERN)
  @JsonPropertyDescription("Key holding the Client Secret. Default client_secret.")
  private String clientSecretKey;

  public CredentialsSecretRef() {}

  public CredentialsSecretRef(String name) { this.name = name; }

  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getClientIdKey() { return clientIdKey; }
  public void setClientIdKey(String clientIdKey) { this.clientIdKey = clientIdKey; }
  public String getClientSecretKey() { return clientSecretKey; }
  public void setClientSecretKey(String clientSecretKey) { this.clientSecretKey = clientSecretKey; }

  public String effectiveClientIdKey() { return SecretKeys.orDefault(clientIdKey, DEFAULT_CLIENT_ID_KEY); }
  public String effectiveClientSecretKey() { return SecretKeys.orDefault(clientSecretKey, DEFAULT_CLIENT_SECRET_KEY); }
}
