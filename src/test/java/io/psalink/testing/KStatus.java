package io.psalink.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.Reason;
import java.util.Arrays;
import java.util.List;

/** The kstatus rules every HaloLink status must keep, asserted by every reconcile test. */
public final class KStatus {
  private KStatus() {}

  public static void assertRules(HaloLink link) {
    var status = link.getStatus();
    assertThat(status).as("status").isNotNull();
    List<Condition> conditions = status.getConditions();
    var ready = status.condition("Ready");
    assertThat(ready).as("Ready is always present").isPresent();
    boolean reconciling = status.condition("Reconciling").isPresent();
    boolean stalled = status.condition("Stalled").isPresent();
    assertThat(reconciling && stalled).as("never Reconciling and Stalled together").isFalse();
    if (reconciling || stalled) {
      assertThat(ready.get().getStatus()).as("Ready is False while Reconciling or Stalled").isEqualTo("False");
    }
    status.condition("Reconciling").ifPresent(c -> assertThat(c.getStatus()).isEqualTo("True"));
    status.condition("Stalled").ifPresent(c -> assertThat(c.getStatus()).isEqualTo("True"));
    List<String> reasons = Arrays.stream(Reason.values()).map(Enum::name).toList();
    for (Condition c : conditions) {
      assertThat(c.getReason()).as("reason of " + c.getType()).isIn(reasons);
      assertThat(c.getMessage()).as("message of " + c.getType()).isNotBlank();
      assertThat(c.getLastTransitionTime()).as("lastTransitionTime of " + c.getType()).isNotBlank();
    }
    if ("True".equals(ready.get().getStatus())) {
      assertThat(conditions).filteredOn(c -> List.of("Authenticated", "AgentVerified", "PermissionsGranted",
          "WebhooksRegistered").contains(c.getType())).allMatch(c -> "True".equals(c.getStatus()));
    }
    assertThat(conditions.stream().map(Condition::getType).distinct().count()).isEqualTo(conditions.size());
  }
}
