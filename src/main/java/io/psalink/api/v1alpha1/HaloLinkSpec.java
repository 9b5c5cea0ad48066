package io.psalink.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.webhooks) || self.webhooks.all(w, self.webhooks.exists_one(x, x.name == w.name))",
    message = "webhook names must be unique within a link", reason = "FieldValueDuplicate", fieldPath = ".webhooks")
public class HaloLinkSpec {
  /** The permissions the platform needs, as Halo names them. */
  public static final List<String> DEFAULT_PERMISSIONS = List.of(
      "admin:webhooks", "read:tickets", "edit:tickets", "read:customers", "read:contracts",
      "edit:contracts", "read:items", "edit:items", "read:invoices", "edit:invoices");
  public static final String DEFAULT_VERIFY_INTERVAL = "10m";
  /** Go-style duration of at least one unit: 90s, 10m, 1h30m. */
  /** http(s) URL of printable ASCII without query or fragment; surrounding spaces are accepted and stripped. */
  public static final String URL_PATTERN = "^\\s*[hH][tT][tT][pP][sS]?://[\\x21\\x22\\x24-\\x3e\\x40-\\x7e]+\\s*$";
  /** Plain http only to a loopback host, as the operator itself enforces. */
  public static final String LOOPBACK_ONLY_HTTP = "!self.matches('^ *[hH][tT][tT][pP]:')"
      + " || self.matches('^ *[hH][tT][tT][pP]://(localhost|127[.][0-9]+[.][0-9]+[.][0-9]+)(:[0-9]+)?(/[^ ]*)? *$')";
  public static final String DURATION_PATTERN = "^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+$";

  @JsonIgnore
  private String unreadable;

  @Required
  @Size(min = 1, max = 2048)
  @Pattern(URL_PATTERN)
  @ValidationRule(value = LOOPBACK_ONLY_HTTP, message = "resourceServer must use https:// (http:// only for localhost)")
  @JsonPropertyDescription("Halo's Resource Server URL, e.g. https://acme.halopsa.com. A trailing / or /api is accepted and stripped. https is required except for loopback hosts.")
  private String resourceServer;

  @Size(max = 253)
  @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
  @JsonPropertyDescription("Halo tenant name for hosted instances; sent as ?tenant= on the token call.")
  private String tenant;

  @Size(max = 2048)
  @Pattern("^$|" + URL_PATTERN)
  @ValidationRule(value = LOOPBACK_ONLY_HTTP, message = "authServer must use https:// (http:// only for localhost)")
  @JsonPropertyDescription("Authorisation server override. Default: discovered through /api/authinfo, else {resourceServer}/auth.")
  private String authServer;

  @Required
  @JsonPropertyDescription("Secret in the same namespace holding the API application's Client ID and Client Secret.")
  private CredentialsSecretRef credentialsSecretRef;

  @Size(min = 1, max = 64)
  @ValidationRule(value = "self.all(p, size(p) <= 64)", message = "a permission name is at most 64 characters")
  @JsonPropertyDescription("Halo permissions (scopes) the API application must grant. Default: the ten the platform needs.")
  private List<@Pattern("^[a-z]+(:[a-z_]+)?$") String> permissions;

  @JsonPropertyDescription("The agent the API application logs in as, when it must be a specific one.")
  private AgentSpec agent;

  @Size(max = 32)
  @JsonPropertyDescription("Webhooks to keep registered in Halo for this link.")
  private List<WebhookSpec> webhooks = new ArrayList<>();

  @JsonPropertyDescription("Private CA that signed a self-hosted Halo's certificate.")
  private CaSecretRef caSecretRef;

  @Default(DEFAULT_VERIFY_INTERVAL)
  @Pattern(DURATION_PATTERN)
  @ValidationRule(value = "duration(self) >= duration('1m')", message = "verifyInterval must be at least 1m")
  @JsonPropertyDescription("How often to re-check the link against Halo, e.g. 10m; at least 1m.")
  private String verifyInterval;

  @JsonPropertyDescription("Stop checking and syncing until set back to false.")
  private Boolean suspend;

  @Default("Delete")
  @JsonPropertyDescription("Delete removes this link's webhooks from Halo when the link is deleted; Orphan leaves them.")
  private DeletionPolicy deletionPolicy;

  public String getResourceServer() { return resourceServer; }
  public void setResourceServer(String resourceServer) { this.resourceServer = resourceServer; }
  public String getTenant() { return tenant; }
  public void setTenant(String tenant) { this.tenant = tenant; }
  public String getAuthServer() { return authServer; }
  public void setAuthServer(String authServer) { this.authServer = authServer; }
  public CredentialsSecretRef getCredentialsSecretRef() { return credentialsSecretRef; }
  public void setCredentialsSecretRef(CredentialsSecretRef ref) { this.credentialsSecretRef = ref; }
  public List<String> getPermissions() { return permissions; }
  public void setPermissions(List<String> permissions) { this.permissions = permissions; }
  public AgentSpec getAgent() { return agent; }
  public void setAgent(AgentSpec agent) { this.agent = agent; }
  public List<WebhookSpec> getWebhooks() { return webhooks; }
  public void setWebhooks(List<WebhookSpec> webhooks) { this.webhooks = webhooks; }
  public CaSecretRef getCaSecretRef() { return caSecretRef; }
  public void setCaSecretRef(CaSecretRef caSecretRef) { this.caSecretRef = caSecretRef; }
  public String getVerifyInterval() { return verifyInterval; }
  public void setVerifyInterval(String verifyInterval) { this.verifyInterval = verifyInterval; }
  public Boolean getSuspend() { return suspend; }
  public void setSuspend(Boolean suspend) { this.suspend = suspend; }
  public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
  public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }

  /** The permissions to check, with the default applied. */
  public List<String> effectivePermissions() {
    return permissions == null || permissions.isEmpty() ? DEFAULT_PERMISSIONS : permissions;
  }

  /** Why the stored spec could not be read (set only when reading failed; never serialised). */
  @JsonIgnore
  public String getUnreadable() {
    return unreadable;
  }

  /** Marks this spec as one that could not be read, and why. */
  void setUnreadable(String why) {
    this.unreadable = why;
  }

  @JsonIgnore
  public boolean isSuspended() { return Boolean.TRUE.equals(suspend); }

  public DeletionPolicy effectiveDeletionPolicy() {
    return deletionPolicy == null ? DeletionPolicy.Delete : deletionPolicy;
  }

  public List<WebhookSpec> effectiveWebhooks() {
    return webhooks == null ? List.of() : webhooks;
  }
}
