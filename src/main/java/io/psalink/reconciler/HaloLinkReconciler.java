package io.psalink.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.psalink.api.v1alpha1.ConditionTypes;
import io.psalink.api.v1alpha1.DeletionPolicy;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkStatus;
import io.psalink.api.v1alpha1.Reason;
import io.psalink.check.CheckResult;
import io.psalink.check.LinkCheck;
import io.psalink.halo.HaloException;
import io.psalink.status.Halt;
import io.psalink.status.StatusAggregator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a HaloLink the way Halo's setup guide reads: spec, credentials, endpoint and token, agent,
 * permissions, webhooks; then one status built from what was found, written only when it changed.
 *
 * <p>It handles its {@link Finalizer} itself (JOSDK's all-events mode) so that a new link's first pass does not wait
 * for the finalizer write: {@link #reconcile} also sees deletions, and removes the link's webhooks from Halo
 * before letting the link go.
 */
@ControllerConfiguration(
    name = "halolink",
    triggerReconcilerOnAllEvents = true,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = SpecOrRequestChanged.class))
public class HaloLinkReconciler implements Reconciler<HaloLink> {
  private static final Logger log = LoggerFactory.getLogger(HaloLinkReconciler.class);
  static final String SECRET_INDEX = "halolink-secrets";

  private final LinkCheck check;
  private final EventRecorder events;
  private final ReconcileSettings settings;
  private final Backoff backoff;
  private final Clock clock;
  private final LinkObserver observer;
  private final Executor background;
  /** Status writes the API server refused (409, 5xx), retried without another pass against Halo. */
  private final Map<String, Unwritten> unwritten = new ConcurrentHashMap<>();
  private final Backoff statusBackoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10));
  /** Per link (uid): the Secrets its latest pass read, as namespace/name to resourceVersion. */
  private final Map<String, Map<String, String>> secretsRead = new ConcurrentHashMap<>();

  /** @param background runs the finalizer write of a new link while its first pass reads Halo */
  public HaloLinkReconciler(LinkCheck check, EventRecorder events, ReconcileSettings settings, Backoff backoff,
      Clock clock, LinkObserver observer, Executor background) {
    this.check = check;
    this.events = events;
    this.settings = settings;
    this.backoff = backoff;
    this.clock = clock;
    this.observer = observer;
    this.background = background;
  }

  @Override
  public List<EventSource<?, HaloLink>> prepareEventSources(EventSourceContext<HaloLink> context) {
    context.getPrimaryCache().addIndexer(SECRET_INDEX, HaloLinkReconciler::secretKeys);
    var config = InformerEventSourceConfiguration.from(Secret.class, HaloLink.class)
        .withNamespacesInheritedFromController()
        .withSecondaryToPrimaryMapper(secret -> context.getPrimaryCache().byIndex(SECRET_INDEX, key(secret))
            .stream().map(ResourceID::fromResource).collect(Collectors.toSet()))
        // a Secret's creation seen after a pass already read it (its watch event came late, or the informer lists
        // it at start) tells no link anything new; changes and deletions always do
        .withOnAddFilter(secret -> isNewTo(secret, context.getPrimaryCache().byIndex(SECRET_INDEX, key(secret)),
            secretsRead))
        .build();
    return List.of(new InformerEventSource<>(config, context));
  }

  /** Whether some link that names {@code secret} has not read this version of it in its latest pass. */
  static boolean isNewTo(Secret secret, java.util.Collection<HaloLink> links, Map<String, Map<String, String>> read) {
    String version = secret.getMetadata().getResourceVersion();
    return version == null || links.stream().anyMatch(link -> !version.equals(
        read.getOrDefault(link.getMetadata().getUid(), Map.of()).get(key(secret))));
  }

  private static String key(Secret secret) {
    return secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
  }

  /** Every Secret a link reads, as namespace/name: a change to any of them re-checks the link at once. */
  static List<String> secretKeys(HaloLink link) {
    String ns = link.getMetadata().getNamespace();
    List<String> keys = new ArrayList<>();
    var spec = link.getSpec();
    if (spec == null) {
      return keys;
    }
    if (spec.getCredentialsSecretRef() != null) {
      keys.add(ns + "/" + spec.getCredentialsSecretRef().getName());
    }
    if (spec.getCaSecretRef() != null) {
      keys.add(ns + "/" + spec.getCaSecretRef().getName());
    }
    spec.effectiveWebhooks().stream().filter(w -> w != null && w.getBasicAuthSecretRef() != null)
        .forEach(w -> keys.add(ns + "/" + w.getBasicAuthSecretRef().getName()));
    return keys;
  }

  @Override
  public UpdateControl<HaloLink> reconcile(HaloLink link, Context<HaloLink> context) {
    if (context.isPrimaryResourceDeleted()) {
      observer.deleted(link);
      forget(link);
      return UpdateControl.noUpdate();
    }
    if (link.isMarkedForDeletion()) {
      return link.hasFinalizer(HaloLink.FINALIZER) ? finalise(link, context) : UpdateControl.noUpdate();
    }
    Finalizer finalizer = Finalizer.ensure(link, context.getClient(), background);
    try {
      return pass(link, context, finalizer);
    } catch (Finalizer.NotAdded e) {
      if (e.linkGone()) {
        return UpdateControl.noUpdate(); // deleted before the finalizer reached it; nothing went to Halo
      }
      throw e;
    }
  }

  private UpdateControl<HaloLink> pass(HaloLink link, Context<HaloLink> context, Finalizer finalizer) {
    HaloLinkStatus previous = link.getStatus() == null ? new HaloLinkStatus() : link.getStatus();
    Unwritten pending = unwritten.remove(link.getMetadata().getUid());
    if (pending != null && pending.stillFor(link)) {
      // the verdict of the last pass never reached the API server: write it, do not ask Halo again
      finalizer.await();
      return write(link, context, previous, pending.status(), pending.nextCheck());
    }
    Instant now = clock.instant();
    StatusAggregator aggregator = new StatusAggregator(previous, link.getMetadata().getGeneration(), now);
    CheckResult result = runChecks(link, context, aggregator, finalizer);
    // a link is never shown Ready, nor its verdict written, without the finalizer that cleans up after it
    finalizer.await();

    HaloLinkStatus next = nextStatus(link, previous, aggregator, result);
    Duration wait = nextCheck(link, aggregator.halted().orElse(null));
    observer.observed(link, next);
    if (next.equals(previous)) {
      return reschedule(UpdateControl.noUpdate(), wait);
    }
    return write(link, context, previous, next, wait);
  }

  /**
   * Writes the status and records the transition; when the API server refuses (409, 5xx, unreachable), keeps the
   * status and retries the write with its own short backoff, so a Kubernetes outage longer than JOSDK's retries
   * loses no verdict and costs Halo nothing.
   */
  private UpdateControl<HaloLink> write(HaloLink link, Context<HaloLink> context, HaloLinkStatus previous,
      HaloLinkStatus next, Duration wait) {
    String key = link.getMetadata().getUid();
    try {
      writeStatus(context, link, next);
    } catch (KubernetesClientException e) {
      Duration retry = statusBackoff.next(key, null);
      unwritten.put(key, new Unwritten(link.getMetadata().getGeneration(), SpecOrRequestChanged.requestedAt(link),
          next, wait));
      log.warn("HaloLink {}/{}: status not written (HTTP {}); retrying in {} ms", link.getMetadata().getNamespace(),
          link.getMetadata().getName(), e.getCode(), retry.toMillis());
      return UpdateControl.<HaloLink>noUpdate().rescheduleAfter(retry);
    }
    statusBackoff.reset(key);
    recordTransition(link, previous, next);
    recordWebhooksLeftBehind(link, previous, next);
    return reschedule(UpdateControl.noUpdate(), wait);
  }

  /** A status computed for a generation and re-check request that the API server has not accepted yet. */
  private record Unwritten(Long generation, String requestedAt, HaloLinkStatus status, Duration nextCheck) {
    boolean stillFor(HaloLink link) {
      return Objects.equals(generation, link.getMetadata().getGeneration())
          && Objects.equals(requestedAt, SpecOrRequestChanged.requestedAt(link));
    }
  }

  /**
   * Replaces the status subresource with one JSON Patch {@code add /status} (which replaces an existing member):
   * the operator is the only writer of status, so no resourceVersion is needed and a concurrent spec edit never
   * makes the write fail. (A merge patch would do on a real API server, but the fabric8 mock appends lists.)
   */
  private static void writeStatus(Context<HaloLink> context, HaloLink link, HaloLinkStatus status) {
    String patch = "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + Serialization.asJson(status) + "}]";
    // through resource(link): with only a name, fabric8 GETs the object before every patch
    context.getClient().resources(HaloLink.class).inNamespace(link.getMetadata().getNamespace())
        .resource(link).subresource("status")
        .patch(PatchContext.of(PatchType.JSON), patch);
    link.setStatus(status);
  }

  private CheckResult runChecks(HaloLink link, Context<HaloLink> context, StatusAggregator aggregator,
      Finalizer finalizer) {
    if (link.getSpec() != null && link.getSpec().isSuspended()) {
      aggregator.halt(new Halt(Reason.Suspended, "Checks are suspended: set spec.suspend to false to resume."));
      return null;
    }
    Optional<String> invalid = SpecValidation.problem(link.getSpec(), settings.minVerifyInterval());
    if (invalid.isPresent()) {
      aggregator.halt(new Halt(Reason.InvalidSpec, invalid.get()));
      return null;
    }
    Map<String, String> read = new ConcurrentHashMap<>();
    var resolution = resolver(link, context, read).resolve(link);
    secretsRead.put(link.getMetadata().getUid(), read);
    if (resolution.halt() != null) {
      aggregator.halt(resolution.halt());
      return null;
    }
    CheckResult result = check.run(resolution.inputs(), LinkCheck.WebhookMode.SYNC, finalizer::await);
    result.findings().forEach(aggregator::record);
    if (result.halt() != null) {
      aggregator.halt(result.halt());
    }
    return result;
  }

  /** Resolves from the informer's Secrets, noting in {@code read} the version of each Secret it reads. */
  private LinkInputsResolver resolver(HaloLink link, Context<HaloLink> context, Map<String, String> read) {
    @SuppressWarnings("unchecked")
    var secrets = (InformerEventSource<Secret, HaloLink>) context.eventSourceRetriever().getEventSourceFor(Secret.class);
    String ns = link.getMetadata().getNamespace();
    return new LinkInputsResolver(name -> {
      Optional<Secret> found = secrets.get(new ResourceID(name, ns));
      found.ifPresent(s -> read.put(key(s), s.getMetadata().getResourceVersion()));
      return found;
    });
  }

  private HaloLinkStatus nextStatus(HaloLink link, HaloLinkStatus previous, StatusAggregator aggregator,
      CheckResult result) {
    // what the last pass found still stands while Halo cannot answer, for the spec it was found for
    boolean keepLastKnown = aggregator.halted().map(Halt::isTransient).orElse(false)
        && Objects.equals(previous.getObservedGeneration(), link.getMetadata().getGeneration());
    HaloLinkStatus next = new HaloLinkStatus();
    next.setObservedGeneration(link.getMetadata().getGeneration());
    next.setConditions(aggregator.conditions());
    next.setEndpoint(pick(result == null ? null : result.endpoint(), previous.getEndpoint(), keepLastKnown));
    next.setAgent(pick(result == null ? null : result.agent(), previous.getAgent(), keepLastKnown));
    next.setPermissions(pick(result == null ? null : result.permissions(), previous.getPermissions(), keepLastKnown));
    // the webhooks registered in this instance stay there when a pass stops before the webhook step (a wrong
    // secret, say): keep listing them, so that they can still be found if the link moves to another instance
    boolean sameInstance = next.getEndpoint() == null || previous.getEndpoint() == null
        || Objects.equals(next.getEndpoint().api(), previous.getEndpoint().api());
    next.setWebhooks(result != null && result.webhooks() != null ? result.webhooks()
        : sameInstance ? previous.getWebhooks() : null);
    int wanted = link.getSpec() == null ? 0 : link.getSpec().effectiveWebhooks().size();
    int registered = next.getWebhooks() == null ? 0 : next.getWebhooks().size();
    next.setWebhooksReady(registered + "/" + wanted);
    // a re-check the operator held back has not handled the request yet: it is retried
    next.setLastHandledRequestedAt(aggregator.keepsPreviousVerdict() ? previous.getLastHandledRequestedAt()
        : SpecOrRequestChanged.requestedAt(link));
    // the time the current verdict was reached; unchanged while it holds, so steady state writes nothing
    next.setLastVerifiedTime(previous.getLastVerifiedTime());
    if (!Objects.equals(next.getConditions(), previous.getConditions())
        || !Objects.equals(next.getLastHandledRequestedAt(), previous.getLastHandledRequestedAt())
        || previous.getLastVerifiedTime() == null) {
      next.setLastVerifiedTime(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    }
    return next;
  }

  private static <T> T pick(T found, T previous, boolean keepLastKnown) {
    return found != null ? found : keepLastKnown ? previous : null;
  }

  /** When to look again: the verify interval, or a backoff while Halo has a transient problem; never while suspended. */
  private Duration nextCheck(HaloLink link, Halt halt) {
    String key = link.getMetadata().getUid();
    if (halt != null && halt.isTransient() && halt.reason() != Reason.Suspended) {
      return backoff.next(key, halt.retryAfter());
    }
    backoff.reset(key);
    if (halt != null && (halt.reason() == Reason.Suspended || isKubernetesSide(halt.reason()))) {
      return null; // a change to the link or its Secrets triggers the next pass
    }
    // Halo-side problems (missing permissions, bad client) are fixed in Halo, which sends no event: look again
    // at the verify interval; that is slow enough never to storm Halo.
    return verifyInterval(link);
  }

  private static boolean isKubernetesSide(Reason reason) {
    return reason == Reason.InvalidSpec || reason == Reason.SecretNotFound || reason == Reason.SecretKeyMissing
        || reason == Reason.SecretValueInvalid || reason == Reason.InvalidResourceServer;
  }

  private Duration verifyInterval(HaloLink link) {
    String text = link.getSpec() == null ? null : link.getSpec().getVerifyInterval();
    if (text == null || text.isBlank()) {
      return settings.defaultVerifyInterval();
    }
    Duration d = Durations.parse(text);
    return d.compareTo(settings.minVerifyInterval()) < 0 ? settings.minVerifyInterval() : d;
  }

  private static <C extends io.javaoperatorsdk.operator.api.reconciler.BaseControl<C>> C reschedule(C control,
      Duration wait) {
    return wait == null ? control : control.rescheduleAfter(wait);
  }

  /** One event per change of the Ready verdict (status or reason), none while it holds. */
  private void recordTransition(HaloLink link, HaloLinkStatus previous, HaloLinkStatus next) {
    Optional<Condition> before = previous.condition(ConditionTypes.READY);
    Condition after = next.condition(ConditionTypes.READY).orElseThrow();
    boolean changed = before.isEmpty() || !Objects.equals(before.get().getStatus(), after.getStatus())
        || !Objects.equals(before.get().getReason(), after.getReason());
    if (!changed) {
      // rare once a link has its verdict (a note that a re-check could not finish, a permission left unverified):
      // said in the log, so that every status write can be accounted for
      log.info("HaloLink {}/{}: status updated, Ready={} reason={} unchanged: {}", link.getMetadata().getNamespace(),
          link.getMetadata().getName(), after.getStatus(), after.getReason(), after.getMessage());
      return;
    }
    boolean ready = "True".equals(after.getStatus());
    log.info("HaloLink {}/{}: Ready={} reason={}", link.getMetadata().getNamespace(), link.getMetadata().getName(),
        after.getStatus(), after.getReason());
    events.record(link, ready ? EventRecorder.Type.Normal : EventRecorder.Type.Warning, after.getReason(),
        after.getMessage());
  }

  /**
   * A link pointed at another Halo instance leaves the webhooks it registered in the previous one: the operator
   * holds no credentials for that instance any more, so it says so, once, naming them.
   */
  private void recordWebhooksLeftBehind(HaloLink link, HaloLinkStatus previous, HaloLinkStatus next) {
    if (previous.getEndpoint() == null || next.getEndpoint() == null || previous.getWebhooks() == null
        || previous.getWebhooks().isEmpty()
        || Objects.equals(previous.getEndpoint().api(), next.getEndpoint().api())) {
      return;
    }
    // the same Halo under another address (127.0.0.1 and localhost, say) hands back the same webhooks, which the
    // pass adopted by their marker: those were not left anywhere
    java.util.Set<String> kept = next.getWebhooks() == null ? java.util.Set.of() : next.getWebhooks().stream()
        .map(HaloLinkStatus.WebhookStatus::id).filter(Objects::nonNull).collect(Collectors.toSet());
    var left = previous.getWebhooks().stream().filter(w -> !kept.contains(w.id())).toList();
    if (left.isEmpty()) {
      return;
    }
    String names = left.stream().map(w -> w.name() + " (id " + w.id() + ")").collect(Collectors.joining(", "));
    events.record(link, EventRecorder.Type.Warning, "WebhooksLeftBehind", "The link now points at "
        + next.getEndpoint().api() + "; the webhooks it registered in " + previous.getEndpoint().api() + " were not"
        + " removed there: " + names + ". Delete them in that Halo (Configuration > Integrations > Webhooks).");
  }

  /** A link marked for deletion that still holds the finalizer: remove its webhooks from Halo, then let it go. */
  private UpdateControl<HaloLink> finalise(HaloLink link, Context<HaloLink> context) {
    observer.deleted(link); // counted no more from the moment it is being deleted
    Optional<Duration> retry = cleanup(link, context);
    if (retry.isPresent()) {
      return UpdateControl.<HaloLink>noUpdate().rescheduleAfter(retry.get());
    }
    Finalizer.remove(link, context.getClient());
    forget(link);
    return UpdateControl.noUpdate();
  }

  /** Forgets the retry state kept in memory for a link (the link is gone, or leaves). */
  private void forget(HaloLink link) {
    String key = link.getMetadata().getUid();
    unwritten.remove(key);
    statusBackoff.reset(key);
    backoff.reset(key);
    secretsRead.remove(key);
  }

  /** Removes the link's webhooks from Halo as its deletion policy says; a wait means: try again then. */
  private Optional<Duration> cleanup(HaloLink link, Context<HaloLink> context) {
    if (link.getSpec() == null || link.getSpec().effectiveDeletionPolicy() == DeletionPolicy.Orphan) {
      return Optional.empty();
    }
    var annotations = link.getMetadata().getAnnotations();
    if (annotations != null && "true".equalsIgnoreCase(annotations.get(HaloLink.SKIP_REMOTE_CLEANUP_ANNOTATION))) {
      events.record(link, EventRecorder.Type.Warning, "RemoteCleanupSkipped", "Deleted without removing this link's"
          + " webhooks from Halo (" + HaloLink.SKIP_REMOTE_CLEANUP_ANNOTATION + "); remove them in Halo by hand.");
      return Optional.empty();
    }
    var resolution = resolver(link, context, new ConcurrentHashMap<>()).resolveForRemoval(link);
    if (resolution.halt() != null) {
      events.record(link, EventRecorder.Type.Warning, "RemoteCleanupSkipped", "Could not remove this link's webhooks"
          + " from Halo: " + resolution.halt().message() + registered(link) + " Remove them in Halo by hand.");
      return Optional.empty();
    }
    try {
      int deleted = check.removeWebhooks(resolution.inputs());
      log.info("HaloLink {}/{} deleted; removed {} webhook(s) from Halo", link.getMetadata().getNamespace(),
          link.getMetadata().getName(), deleted);
      return Optional.empty();
    } catch (HaloException e) {
      if (e.failure().isTransient()) {
        Duration wait = backoff.next(link.getMetadata().getUid(), null);
        events.record(link, EventRecorder.Type.Warning, "RemoteCleanupRetrying", "Could not remove this link's"
            + " webhooks from Halo yet (" + e.getMessage() + "); retrying in " + wait.toSeconds() + "s. To delete"
            + " without Halo, annotate the link " + HaloLink.SKIP_REMOTE_CLEANUP_ANNOTATION + "=true.");
        return Optional.of(wait);
      }
      events.record(link, EventRecorder.Type.Warning, "RemoteCleanupSkipped", "Halo refused to remove this link's"
          + " webhooks (" + e.getMessage() + "); remove them in Halo by hand.");
      return Optional.empty();
    }
  }

  /** The webhooks the status lists as registered, for a message that asks to remove them by hand. */
  private static String registered(HaloLink link) {
    var hooks = link.getStatus() == null ? null : link.getStatus().getWebhooks();
    if (hooks == null || hooks.isEmpty()) {
      return "";
    }
    return " Registered by this link: " + hooks.stream().map(w -> w.name() + " (id " + w.id() + ")")
        .collect(Collectors.joining(", ")) + ".";
  }

  /** Watches what the reconciler concluded (metrics); must be cheap and must not throw. */
  public interface LinkObserver {
    LinkObserver NONE = new LinkObserver() {};

    default void observed(HaloLink link, HaloLinkStatus status) {}

    default void deleted(HaloLink link) {}
  }
}
