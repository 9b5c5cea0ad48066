package io.psalink.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.psalink.api.v1alpha1.HaloLinkStatus;
import io.psalink.api.v1alpha1.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
  static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  static final Instant T1 = T0.plus(Duration.ofMinutes(10));

  static StatusAggregator allPassed(HaloLinkStatus previous, long generation, Instant now) {
    return new StatusAggregator(previous, generation, now)
        .record(Finding.passed("Authenticated", "auth ok."))
        .record(Finding.passed("AgentVerified", "agent ok."))
        .record(Finding.passed("PermissionsGranted", "perms ok."))
        .record(Finding.passed("WebhooksRegistered", "hooks ok."));
  }

  static HaloLinkStatus status(List<Condition> conditions) {
    HaloLinkStatus s = new HaloLinkStatus();
    s.setConditions(conditions);
    return s;
  }

  static Optional<Condition> get(List<Condition> cs, String type) {
    return cs.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  @Test
  void allChecksTrueMakesReadyWithoutReconcilingOrStalled() {
    List<Condition> cs = allPassed(null, 3L, T0).conditions();
    assertThat(get(cs, "Ready")).hasValueSatisfying(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getReason()).isEqualTo("Succeeded");
      assertThat(c.getMessage()).isEqualTo("auth ok. agent ok. perms ok. hooks ok.");
    });
    assertThat(get(cs, "Reconciling")).isEmpty();
    assertThat(get(cs, "Stalled")).isEmpty();
    assertThat(cs).allMatch(c -> c.getObservedGeneration() == 3L && c.getLastTransitionTime().equals(T0.toString()));
  }

  @Test
  void unchangedStatusKeepsTransitionTimesAndComparesEqual() {
    List<Condition> first = allPassed(null, 1L, T0).conditions();
    List<Condition> second = allPassed(status(first), 1L, T1).conditions();
    assertThat(second).isEqualTo(first);
  }

  @Test
  void transitionTimeMovesOnlyWhenStatusChanges() {
    List<Condition> first = allPassed(null, 1L, T0).conditions();
    List<Condition> second = new StatusAggregator(status(first), 1L, T1)
        .record(Finding.passed("Authenticated", "auth ok."))
        .record(Finding.passed("AgentVerified", "agent ok."))
        .record(Finding.failed("PermissionsGranted", Reason.MissingPermissions, "lacks read:items."))
        .record(Finding.passed("WebhooksRegistered", "hooks ok."))
        .conditions();
    assertThat(get(second, "Authenticated").get().getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(get(second, "PermissionsGranted").get().getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(get(second, "Ready").get()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("MissingPermissions");
      assertThat(c.getLastTransitionTime()).isEqualTo(T1.toString());
    });
    assertThat(get(second, "Stalled").get().getReason()).isEqualTo("MissingPermissions");
    assertThat(get(second, "Reconciling")).isEmpty();
  }

  @Test
  void configurationHaltStallsAndMarksLaterChecksNotChecked() {
    List<Condition> cs = new StatusAggregator(null, 2L, T0)
        .record(Finding.failed("Authenticated", Reason.InvalidClient, "bad client."))
        .halt(new Halt(Reason.InvalidClient, "bad client."))
        .conditions();
    assertThat(get(cs, "AgentVerified").get().getStatus()).isEqualTo("Unknown");
    assertThat(get(cs, "AgentVerified").get().getReason()).isEqualTo("NotChecked");
    assertThat(get(cs, "Ready").get().getReason()).isEqualTo("InvalidClient");
    assertThat(get(cs, "Stalled")).isPresent();
    assertThat(get(cs, "Reconciling")).isEmpty();
  }

  @Test
  void transientHaltBeforeAnyVerdictIsReconciling() {
    List<Condition> cs = new StatusAggregator(null, 1L, T0)
        .halt(new Halt(Reason.TenantUnreachable, "cannot connect."))
        .conditions();
    assertThat(get(cs, "Ready").get().getStatus()).isEqualTo("False");
    assertThat(get(cs, "Ready").get().getReason()).isEqualTo("TenantUnreachable");
    assertThat(get(cs, "Reconciling").get().getReason()).isEqualTo("TenantUnreachable");
    assertThat(get(cs, "Stalled")).isEmpty();
  }

  @Test
  void transientHaltKeepsTheLastGoodVerdict() {
    List<Condition> good = allPassed(null, 1L, T0).conditions();
    List<Condition> cs = new StatusAggregator(status(good), 1L, T1)
        .halt(new Halt(Reason.HaloUnavailable, "Halo answered 503."))
        .conditions();
    assertThat(get(cs, "Ready").get()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("True");
      assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
      assertThat(c.getMessage()).contains("HaloUnavailable").contains("503");
    });
    assertThat(get(cs, "PermissionsGranted").get().getStatus()).isEqualTo("True");
    assertThat(get(cs, "Reconciling")).isEmpty();
    // a second failing re-check does not grow the message
    List<Condition> again = new StatusAggregator(status(cs), 1L, T1)
        .halt(new Halt(Reason.HaloUnavailable, "Halo answered 503.")).conditions();
    assertThat(again).isEqualTo(cs);
  }

  @Test
  void aPassTheOperatorHeldBackLeavesAStandingVerdictAsItWas() {
    List<Condition> good = allPassed(null, 1L, T0).conditions();
    var held = new StatusAggregator(status(good), 1L, T1).halt(Halt.paced("budget spent.", Duration.ofSeconds(5)));
    assertThat(held.keepsPreviousVerdict()).isTrue();
    assertThat(held.conditions()).isEqualTo(good);

    // a standing False verdict too: the next real pass decides
    List<Condition> missing = new StatusAggregator(null, 1L, T0)
        .record(Finding.passed("Authenticated", "auth ok."))
        .record(Finding.passed("AgentVerified", "agent ok."))
        .record(Finding.failed("PermissionsGranted", Reason.MissingPermissions, "lacks read:items."))
        .record(Finding.passed("WebhooksRegistered", "hooks ok.")).conditions();
    assertThat(new StatusAggregator(status(missing), 1L, T1).halt(Halt.paced("budget spent.", null)).conditions())
        .isEqualTo(missing);
  }

  @Test
  void aPassHeldBackBeforeAnyVerdictForThisGenerationSaysRateLimited() {
    List<Condition> older = allPassed(null, 1L, T0).conditions();
    var held = new StatusAggregator(status(older), 2L, T1).halt(Halt.paced("budget spent.", null));
    assertThat(held.keepsPreviousVerdict()).isFalse();
    List<Condition> cs = held.conditions();
    assertThat(get(cs, "Ready").get().getStatus()).isEqualTo("False");
    assertThat(get(cs, "Ready").get().getReason()).isEqualTo("RateLimited");
    assertThat(get(cs, "Reconciling").get().getReason()).isEqualTo("RateLimited");
  }

  @Test
  void transientHaltKeepsWhatHaloSaidOfItsConfigurationWithoutFlapping() {
    List<Condition> missing = new StatusAggregator(null, 1L, T0)
        .record(Finding.passed("Authenticated", "auth ok."))
        .record(Finding.passed("AgentVerified", "agent ok."))
        .record(Finding.failed("PermissionsGranted", Reason.MissingPermissions, "lacks read:items."))
        .record(Finding.passed("WebhooksRegistered", "hooks ok.")).conditions();
    List<Condition> cs = new StatusAggregator(status(missing), 1L, T1)
        .record(Finding.passed("Authenticated", "auth ok."))
        .halt(new Halt(Reason.TenantUnreachable, "cannot connect.")).conditions();
    assertThat(get(cs, "Ready").get()).satisfies(c -> {
      assertThat(c.getStatus()).isEqualTo("False");
      assertThat(c.getReason()).isEqualTo("MissingPermissions");
      assertThat(c.getMessage()).startsWith("lacks read:items.").contains("TenantUnreachable");
      assertThat(c.getLastTransitionTime()).isEqualTo(T0.toString());
    });
    assertThat(get(cs, "Stalled").get().getReason()).isEqualTo("MissingPermissions");
    assertThat(get(cs, "Reconciling")).isEmpty();
    assertThat(get(cs, "PermissionsGranted").get().getReason()).isEqualTo("MissingPermissions");
    // the note does not grow over repeated failures
    assertThat(new StatusAggregator(status(cs), 1L, T1).halt(new Halt(Reason.TenantUnreachable, "cannot connect."))
        .conditions()).isEqualTo(cs);
  }

  @Test
  void transientHaltAfterACredentialsVerdictSaysWhatHappenedNow() {
    // the Secret may just have been fixed: a stale "invalid client" would send the admin the wrong way
    List<Condition> bad = new StatusAggregator(null, 1L, T0).halt(new Halt(Reason.InvalidClient, "bad client."))
        .conditions();
    List<Condition> cs = new StatusAggregator(status(bad), 1L, T1)
        .halt(new Halt(Reason.TenantUnreachable, "cannot connect.")).conditions();
    assertThat(get(cs, "Ready").get().getReason()).isEqualTo("TenantUnreachable");
    assertThat(get(cs, "Reconciling")).isPresent();
  }

  @Test
  void lastVerdictOfAnOlderGenerationIsNotKept() {
    List<Condition> good = allPassed(null, 1L, T0).conditions();
    List<Condition> cs = new StatusAggregator(status(good), 2L, T1)
        .halt(new Halt(Reason.TenantUnreachable, "cannot connect.")).conditions();
    assertThat(get(cs, "Ready").get().getStatus()).isEqualTo("False");
    assertThat(get(cs, "AgentVerified").get().getStatus()).isEqualTo("Unknown");
    assertThat(cs).allMatch(c -> c.getObservedGeneration() == 2L);
  }

  @Test
  void suspendedIsNeitherReconcilingNorStalled() {
    List<Condition> cs = new StatusAggregator(null, 1L, T0)
        .halt(new Halt(Reason.Suspended, "suspended.")).conditions();
    assertThat(get(cs, "Ready").get().getReason()).isEqualTo("Suspended");
    assertThat(get(cs, "Reconciling")).isEmpty();
    assertThat(get(cs, "Stalled")).isEmpty();
  }
}
