package io.psalink.testing;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.psalink.api.v1alpha1.CredentialsSecretRef;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.halo.HaloClient;
import io.psalink.reconciler.HaloLinkReconciler;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.reconciler.ReconcileSettings;
import io.psalink.sandbox.halo.Agent;
import io.psalink.sandbox.halo.Application;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One world for reconcile tests: the fabric8 mock Kubernetes API (CRUD) with the CRD installed, the Halo
 * simulator, and the operator running against both. Tests state their tenant, apply a link, await a condition.
 */
public final class OperatorFixture implements AutoCloseable {
  public static final String NS = "psa";
  public static final List<String> ALL_PERMISSIONS = HaloLinkSpec.DEFAULT_PERMISSIONS;

  public final KubernetesMockServer server;
  public final KubernetesClient kube;
  public final HaloSimulator halo;
  public final HaloClient haloClient;
  /** Errors injected in front of the mock API (409 and 500 on status writes, say). */
  public final KubeFaults kubeFaults = new KubeFaults();
  private final List<OperatorRuntime> operators = new ArrayList<>();
  public final OperatorRuntime.Settings settings;
  /** Every secret value a test handed out, for leak scans. */
  public final List<String> secretsUsed = new ArrayList<>();
  private LeakScan scan;
  private int textsScanned;

  private OperatorFixture(OperatorRuntime.Settings settings, HaloSimulator simulator, HaloClient client) {
    this.settings = settings;
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), kubeFaults, false);
    server.init();
    kube = server.createClient();
    try (var in = new FileInputStream("crds/halolinks.psalink.io-v1.yml")) {
      kube.apiextensions().v1().customResourceDefinitions().load(in).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build()).create();
    halo = simulator;
    haloClient = client;
  }

  /** The operator with short intervals for tests: minimum verify interval 1 s. */
  public static OperatorFixture start() {
    return start(UnaryOperator.identity());
  }

  public static OperatorFixture start(UnaryOperator<OperatorRuntime.Settings> tweak) {
    return start(tweak, HaloSimulator.start(), new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC()), true);
  }

  /**
   * With a given simulator (https, say) and Halo client (short timeouts, a test rate budget); the fixture closes
   * both. {@code run}: start one operator now.
   */
  public static OperatorFixture start(UnaryOperator<OperatorRuntime.Settings> tweak, HaloSimulator simulator,
      HaloClient client, boolean run) {
    var settings = tweak.apply(testSettings());
    OperatorFixture f = new OperatorFixture(settings, simulator, client);
    if (run) {
      f.startOperator();
    }
    return f;
  }

  /**
   * A world started with a {@link LeakScan} running from before its first log line; {@link #close()} then fails
   * if any secret the tests handed out reached a log line, an Event, a status or an exception message.
   */
  public static OperatorFixture scanned(java.util.function.Supplier<OperatorFixture> start) {
    LeakScan scan = new LeakScan();
    try {
      OperatorFixture world = start.get();
      world.scan = scan;
      return world;
    } catch (RuntimeException | Error e) {
      scan.close();
      throw e;
    }
  }

  /** The scan of a {@link #scanned} world, or null. */
  public LeakScan leakScan() {
    return scan;
  }

  /** How many texts the scan of {@link #close()} read. */
  public int textsScanned() {
    return textsScanned;
  }

  /** The defaults with a minimum verify interval of 500 ms. */
  public static OperatorRuntime.Settings testSettings() {
    return OperatorRuntime.Settings.defaults()
        .withReconcile(new ReconcileSettings(Duration.ofMinutes(10), Duration.ofMillis(500)));
  }

  /** Starts one more operator instance on the same API and simulator (a second replica, or a restart). */
  public OperatorRuntime startOperator() {
    return startOperator(haloClient, settings, HaloLinkReconciler.LinkObserver.NONE);
  }

  /** An operator instance with its own Halo client (a fresh process has empty caches), settings and observer. */
  public OperatorRuntime startOperator(HaloClient client, OperatorRuntime.Settings s,
      HaloLinkReconciler.LinkObserver observer) {
    var runtime = OperatorRuntime.start(server.createClient(), client, s, observer);
    operators.add(runtime);
    return runtime;
  }

  public void stopOperator(OperatorRuntime runtime) {
    runtime.close();
    operators.remove(runtime);
  }

  /** A Halo instance with an API-only agent and an application granted every permission the platform needs. */
  public Tenant tenant(String name) {
    Instance instance = halo.instance(name);
    Agent agent = instance.addAgent(name + "_api").setApiOnly(true);
    String clientId = name + "-" + UUID.randomUUID().toString().substring(0, 8);
    String secret = "cs-" + UUID.randomUUID();
    secretsUsed.add(secret);
    Application app = instance.addApplication(clientId, secret, Set.copyOf(ALL_PERMISSIONS), agent);
    return new Tenant(instance, app, agent, clientId, secret);
  }

  public record Tenant(Instance instance, Application app, Agent agent, String clientId, String clientSecret) {}

  public String newSecretValue() {
    String s = "pw-" + UUID.randomUUID();
    secretsUsed.add(s);
    return s;
  }

  public Secret secret(String name, Map<String, String> data) {
    Map<String, String> encoded = new LinkedHashMap<>();
    data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v.getBytes())));
    Secret s = new SecretBuilder().withNewMetadata().withName(name).withNamespace(NS).endMetadata()
        .withData(encoded).build();
    return kube.secrets().inNamespace(NS).resource(s).createOr(r -> r.update());
  }

  public Secret credentials(String name, Tenant t) {
    return secret(name, Map.of("client_id", t.clientId(), "client_secret", t.clientSecret()));
  }

  public static HaloLink link(String name, String resourceServer, String secretName) {
    HaloLink link = new HaloLink();
    link.getMetadata().setName(name);
    link.getMetadata().setNamespace(NS);
    HaloLinkSpec spec = new HaloLinkSpec();
    spec.setResourceServer(resourceServer);
    spec.setCredentialsSecretRef(new CredentialsSecretRef(secretName));
    link.setSpec(spec);
    return link;
  }

  /**
   * A tenant, its credentials Secret {@code <name>-creds} and the link {@code <name>} with one webhook "alerts"
   * (event 1), applied; the caller waits for what it expects.
   */
  public Tenant applyLinkWithWebhook(String name) {
    Tenant t = tenant(name);
    credentials(name + "-creds", t);
    HaloLink l = link(name, t.instance().baseUrl(), name + "-creds");
    l.getSpec().setWebhooks(List.of(new WebhookSpec("alerts", "https://platform.example/hooks/" + name, List.of(1))));
    apply(l);
    return t;
  }

  public HaloLink apply(HaloLink link) {
    return kube.resources(HaloLink.class).inNamespace(NS).resource(link).createOr(r -> r.update());
  }

  public HaloLink get(String name) {
    return kube.resources(HaloLink.class).inNamespace(NS).withName(name).get();
  }

  public HaloLink edit(String name, UnaryOperator<HaloLink> change) {
    return kube.resources(HaloLink.class).inNamespace(NS).withName(name).edit(change);
  }

  public Optional<Condition> condition(String name, String type) {
    HaloLink l = get(name);
    return l == null || l.getStatus() == null ? Optional.empty() : l.getStatus().condition(type);
  }

  /** Waits until the link's condition has the status and reason, then checks the kstatus rules. */
  public HaloLink awaitCondition(String name, String type, String status, String reason) {
    return awaitLink(name, Duration.ofSeconds(20), l -> l.getStatus() != null
        && l.getStatus().condition(type).filter(c -> status.equals(c.getStatus())
            && (reason == null || reason.equals(c.getReason()))).isPresent(),
        type + "=" + status + (reason == null ? "" : " (" + reason + ")"));
  }

  public HaloLink awaitReady(String name) {
    return awaitCondition(name, "Ready", "True", "Succeeded");
  }

  public HaloLink awaitLink(String name, Duration timeout, Predicate<HaloLink> what, String description) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        HaloLink l = get(name);
        return l != null && what.test(l);
      });
    } catch (ConditionTimeoutException e) {
      HaloLink l = get(name);
      throw new AssertionError("HaloLink " + name + " did not reach " + description + " within " + timeout
          + "; it is now:\n" + (l == null ? "absent" : Serialization.asYaml(l)), e);
    }
    HaloLink l = get(name);
    KStatus.assertRules(l);
    return l;
  }

  public List<Event> events(String linkName) {
    return kube.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> linkName.equals(e.getInvolvedObject().getName())).toList();
  }

  @Override
  public void close() {
    try {
      if (scan != null) {
        textsScanned = scan.assertNoLeaks(this);
      }
    } finally {
      if (scan != null) {
        scan.close();
      }
      for (OperatorRuntime o : List.copyOf(operators)) {
        o.close();
      }
      haloClient.close();
      halo.close();
      kube.close();
      server.destroy();
    }
  }
}
