package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.halo.HaloClient;
import io.psalink.reconciler.HaloLinkReconciler;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.sandbox.halo.Fault;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import io.psalink.sandbox.halo.Webhook;
import io.psalink.testing.Figures;
import io.psalink.testing.KubeFaults;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator process stops at every point of the webhook step where Halo and Kubernetes can disagree: a request
 * lost before Halo saw it, a write Halo made whose answer never came back, and an answer whose status never
 * reached Kubernetes. A new process (fresh caches) then finds what was written by its marker: no duplicate, no
 * leftover, Ready.
 */
class WebhookCrashPointsTest {
  static final String HOOKS = "(?i)/api/webhook";
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start(s -> s, HaloSimulator.start(), newHaloClient(), false));
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  static HaloClient newHaloClient() {
    return new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC());
  }

  /** Where the first process stops; {@code arm} sets the trap and returns how to tell it sprang. */
  record StopPoint(String name, String step, Function<Instance, Fault> arm) {}

  static final List<StopPoint> CREATE_POINTS = List.of(
      new StopPoint("list lost", "create", i -> i.fault(Fault.when("GET", HOOKS).forever().drop())),
      new StopPoint("create lost before Halo", "create", i -> i.fault(Fault.when("POST", HOOKS).forever().drop())),
      new StopPoint("create stored, answer lost", "create", i -> i.fault(Fault.when("POST", HOOKS).times(1).serveThenDrop())),
      new StopPoint("update stored, answer lost", "update", i -> i.fault(Fault.when("POST", HOOKS).times(1).serveThenDrop())),
      new StopPoint("delete done, answer lost", "delete", i -> i.fault(Fault.when("DELETE", HOOKS + "/.*").times(1).serveThenDrop())));

  @Test
  void aNewProcessFindsWhatTheStoppedOneWroteByItsMarker() {
    int n = 0;
    for (StopPoint p : CREATE_POINTS) {
      String name = "crash" + ++n;
      Tenant t = world.tenant(name);
      world.credentials(name + "-creds", t);
      HaloLink l = link(name, t.instance().baseUrl(), name + "-creds");
      l.getSpec().setVerifyInterval("1s");
      l.getSpec().setWebhooks(List.of(hook("alerts", 1), hook("tickets", 2)));

      OperatorRuntime first = world.startOperator(newHaloClient(), world.settings, HaloLinkReconciler.LinkObserver.NONE);
      Fault trap;
      if (p.step().equals("create")) {
        trap = p.arm().apply(t.instance());
        world.apply(l);
      } else {
        world.apply(l);
        world.awaitReady(name);
        trap = p.arm().apply(t.instance());
        if (p.step().equals("update")) {
          Webhook w = t.instance().webhooks().get(0);
          t.instance().updateWebhook(w.id, x -> x.url = "https://drifted.example/");
        } else {
          world.edit(name, x -> {
            x.getSpec().setWebhooks(List.of(hook("alerts", 1)));
            return x;
          });
        }
      }
      Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> trap.hits() >= 1);
      world.stopOperator(first);
      t.instance().clearFaults();
      int before = t.instance().requests().size();

      OperatorRuntime second = world.startOperator(newHaloClient(), world.settings, HaloLinkReconciler.LinkObserver.NONE);
      HaloLink ready = world.awaitLink(name, Duration.ofSeconds(30), x -> x.getMetadata().getGeneration()
          .equals(x.getStatus() == null ? null : x.getStatus().getObservedGeneration())
          && x.getStatus().condition("Ready").filter(c -> "True".equals(c.getStatus())).isPresent(), "Ready");
      int wanted = ready.getSpec().getWebhooks().size();
      assertThat(t.instance().webhooks()).as(p.name() + ": exactly the webhooks of the spec").hasSize(wanted);
      assertThat(t.instance().webhooks()).extracting(w -> w.url).containsOnly("https://platform.example/hooks/halo");
      assertThat(ready.getStatus().getWebhooksReady()).isEqualTo(wanted + "/" + wanted);
      world.stopOperator(second);
      Figures.record("WebhookCrashPointsTest", String.format("%-28s stopped after the trap sprang %d time(s);"
          + " next process: %d Halo requests, %d webhook(s) in Halo for %d in spec", p.name(), trap.hits(),
          t.instance().requests().size() - before, t.instance().webhooks().size(), wanted));
    }
  }

  @Test
  void statusNeverWrittenAfterTheWebhookWasCreated() {
    Tenant t = world.tenant("crashstatus");
    world.credentials("crashstatus-creds", t);
    HaloLink l = link("crashstatus", t.instance().baseUrl(), "crashstatus-creds");
    l.getSpec().setWebhooks(List.of(hook("alerts", 1)));
    KubeFaults.Rule refused = world.kubeFaults.inject("PATCH",
        "/apis/psalink.io/v1alpha1/namespaces/psa/halolinks/crashstatus/status", 500, -1);
    OperatorRuntime first = world.startOperator(newHaloClient(), world.settings, HaloLinkReconciler.LinkObserver.NONE);
    world.apply(l);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> t.instance().webhooks().size() == 1 && refused.hits() >= 1);
    world.stopOperator(first);
    world.kubeFaults.clear();
    assertThat(world.get("crashstatus").getStatus()).isNull();

    OperatorRuntime second = world.startOperator(newHaloClient(), world.settings, HaloLinkReconciler.LinkObserver.NONE);
    world.awaitReady("crashstatus");
    assertThat(t.instance().webhooks()).hasSize(1);
    assertThat(t.instance().count("POST", HOOKS)).as("created once, by the first process").isEqualTo(1);
    world.stopOperator(second);
    Figures.record("WebhookCrashPointsTest", "status write refused after create, process stopped: next process made"
        + " 0 webhook writes, 1 webhook in Halo");
  }

  static WebhookSpec hook(String name, int event) {
    return new WebhookSpec(name, "https://platform.example/hooks/halo", List.of(event));
  }
}
