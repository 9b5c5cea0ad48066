package io.psalink.status;

import static io.psalink.api.v1alpha1.ConditionTypes.CHECKS;
import static io.psalink.api.v1alpha1.ConditionTypes.READY;
import static io.psalink.api.v1alpha1.ConditionTypes.RECONCILING;
import static io.psalink.api.v1alpha1.ConditionTypes.STALLED;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.psalink.api.v1alpha1.HaloLinkStatus;
import io.psalink.api.v1alpha1.Reason;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns what one pass found into the conditions of a HaloLink, by the kstatus rules: Ready always present and
 * True only when every check is True for the current generation; Reconciling only while a transient problem is
 * retried; Stalled only while the user must change something; never both. Transition times carry over when a
 * condition's status did not change, so a status that did not change compares equal and is not written again.
 *
 * <p>A transient problem keeps the last verdict: a check that passed for this generation stays passed, and a
 * link that was Ready stays Ready (its message says the latest re-check failed) instead of flapping.
 */
public final class StatusAggregator {
  private final HaloLinkStatus previous;
  private final long generation;
  private final String now;
  private final Map<String, Finding> findings = new LinkedHashMap<>();
  private Halt halt;

  public StatusAggregator(HaloLinkStatus previous, Long generation, Instant now) {
    this.previous = previous == null ? new HaloLinkStatus() : previous;
    this.generation = generation == null ? 0L : generation;
    this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  public StatusAggregator record(Finding finding) {
    findings.put(finding.type(), finding);
    return this;
  }

  public StatusAggregator halt(Halt halt) {
    this.halt = halt;
    return this;
  }

  public Optional<Halt> halted() {
    return Optional.ofNullable(halt);
  }

  /**
   * Whether this pass changes nothing: the operator paced itself (its request budget was spent) and a verdict for
   * this generation already stands. The conditions are then the previous ones, as they were.
   */
  public boolean keepsPreviousVerdict() {
    return halt != null && halt.paced() && current(READY).isPresent();
  }

  /** The conditions for this pass; the caller fills in the other status fields. */
  public List<Condition> conditions() {
    if (keepsPreviousVerdict()) {
      return List.copyOf(previous.getConditions());
    }
    List<Condition> out = new ArrayList<>();
    String blockedBy = null;
    boolean allTrue = true;
    Finding firstFailure = null;
    for (String type : CHECKS) {
      Finding f = findings.get(type);
      if (f == null) {
        f = carriedOver(type).orElse(new Finding(type, Finding.Verdict.Unknown, Reason.NotChecked,
            blockedBy != null ? "Not checked until " + blockedBy + " is True."
                : halt != null ? "Not checked: " + halt.message() : "Not checked yet."));
      }
      if (!f.isTrue()) {
        allTrue = false;
        if (blockedBy == null) {
          blockedBy = type;
        }
        if (firstFailure == null && f.verdict() == Finding.Verdict.False) {
          firstFailure = f;
        }
      }
      out.add(condition(f));
    }

    // a transient problem keeps the standing verdict and says the latest re-check failed: a Ready link stays Ready
    // (without Reconciling, which would make kstatus read Ready as False), and what Halo said of its own
    // configuration (a missing permission, the agent) stands, Stalled, instead of flapping to "unreachable"
    Optional<Condition> standing = current(READY).filter(c -> "True".equals(c.getStatus())
        || "False".equals(c.getStatus()) && HALO_SIDE_VERDICTS.contains(reasonOf(c.getReason())));
    if (halt != null && halt.isTransient() && halt.reason() != Reason.Suspended && standing.isPresent()) {
      Condition was = standing.get();
      boolean ready = "True".equals(was.getStatus());
      Reason reason = reasonOf(was.getReason());
      String message = was.getMessage();
      int cut = message.indexOf(LATEST_FAILED);
      String base = cut >= 0 ? message.substring(0, cut) : message;
      out.add(condition(new Finding(READY, ready ? Finding.Verdict.True : Finding.Verdict.False, reason,
          base + LATEST_FAILED + halt.reason() + "): " + halt.message())));
      if (!ready) {
        out.add(condition(new Finding(STALLED, Finding.Verdict.True, reason, base)));
      }
      return out;
    }
    if (halt == null && allTrue) {
      out.add(condition(new Finding(READY, Finding.Verdict.True, Reason.Succeeded, readyMessage())));
      return out;
    }
    Reason reason;
    String message;
    if (halt != null) {
      reason = halt.reason();
      message = halt.message();
    } else if (firstFailure != null) {
      reason = firstFailure.reason();
      message = firstFailure.message();
    } else {
      reason = Reason.Progressing;
      message = "Checks are in progress.";
    }
    out.add(condition(new Finding(READY, Finding.Verdict.False, reason, message)));
    if (reason == Reason.Suspended) {
      return out;
    }
    if (reason.stalls()) {
      out.add(condition(new Finding(STALLED, Finding.Verdict.True, reason, message)));
    } else {
      out.add(condition(new Finding(RECONCILING, Finding.Verdict.True, reason, "Retrying: " + message)));
    }
    return out;
  }

  private static final String LATEST_FAILED = " The latest re-check could not finish (";
  /** Verdicts about Halo's own configuration, which only Halo can change; credentials are not among them. */
  private static final java.util.Set<Reason> HALO_SIDE_VERDICTS = java.util.EnumSet.of(Reason.MissingPermissions,
      Reason.AgentDisabled, Reason.AgentNotApiOnly, Reason.AgentMismatch, Reason.WebhookRegistrationFailed);

  private String readyMessage() {
    List<String> parts = new ArrayList<>();
    for (String type : CHECKS) {
      parts.add(findings.get(type).message());
    }
    return String.join(" ", parts);
  }

  /** The previous verdict of a check, when it still speaks for this generation and only a retry is pending. */
  private Optional<Finding> carriedOver(String type) {
    if (halt == null || !halt.isTransient()) {
      return Optional.empty();
    }
    return current(type).map(c -> new Finding(type, Finding.Verdict.valueOf(c.getStatus()),
        reasonOf(c.getReason()), c.getMessage()));
  }

  private Optional<Condition> current(String type) {
    return previous.condition(type).filter(c -> Objects.equals(c.getObservedGeneration(), generation));
  }

  private static Reason reasonOf(String name) {
    try {
      return Reason.valueOf(name);
    } catch (IllegalArgumentException | NullPointerException e) {
      return Reason.NotChecked;
    }
  }

  private Condition condition(Finding f) {
    String status = f.verdict().name();
    String since = previous.condition(f.type())
        .filter(c -> status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
        .map(Condition::getLastTransitionTime)
        .orElse(now);
    return new ConditionBuilder()
        .withType(f.type())
        .withStatus(status)
        .withReason(f.reason().name())
        .withMessage(f.message())
        .withObservedGeneration(generation)
        .withLastTransitionTime(since)
        .build();
  }
}
