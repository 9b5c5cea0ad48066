package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkStatus;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.halo.HaloClient;
import io.psalink.halo.RateBudget;
import io.psalink.reconciler.HaloLinkReconciler;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.testing.Figures;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two replicas with leader election on one API: one reconciles; when it stops, the other takes over. */
class LeaderElectionTest {
  static final Duration LEASE = Duration.ofSeconds(4);
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start(s -> s, HaloSimulator.start(),
        new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC()), false));
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  /** Which links an instance reconciled. */
  static final class Seen implements HaloLinkReconciler.LinkObserver {
    final Set<String> links = ConcurrentHashMap.newKeySet();

    @Override
    public void observed(HaloLink link, HaloLinkStatus status) {
      links.add(link.getMetadata().getName());
    }
  }

  static OperatorRuntime replica(String identity, Seen seen) {
    var le = new LeaderElectionConfiguration("psa-link-operator", OperatorFixture.NS, LEASE,
        Duration.ofSeconds(3), Duration.ofMillis(500), identity, null, false);
    return world.startOperator(new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC(), RateBudget.standard()),
        world.settings.withLeaderElection(le), seen);
  }

  @Test
  void onlyTheLeaderReconcilesAndTheOtherTakesOverWithinTheLease() {
    Seen seenA = new Seen();
    Seen seenB = new Seen();
    OperatorRuntime a = replica("replica-a", seenA);
    OperatorRuntime b = replica("replica-b", seenB);
    Map<String, OperatorRuntime> byName = Map.of("replica-a", a, "replica-b", b);

    Tenant t = world.tenant("le");
    world.credentials("le-creds", t);
    HaloLink first = link("le1", t.instance().baseUrl(), "le-creds");
    first.getSpec().setWebhooks(List.of(new WebhookSpec("alerts", "https://platform.example/hooks/halo", List.of(1))));
    world.apply(first);
    world.awaitReady("le1");
    String leader = world.kube.leases().inNamespace(OperatorFixture.NS).withName("psa-link-operator").get()
        .getSpec().getHolderIdentity();
    Seen leaderSeen = leader.equals("replica-a") ? seenA : seenB;
    Seen followerSeen = leader.equals("replica-a") ? seenB : seenA;
    assertThat(leaderSeen.links).contains("le1");
    assertThat(followerSeen.links).as("the follower reconciles nothing").isEmpty();

    long stopped = System.nanoTime();
    world.stopOperator(byName.get(leader));
    HaloLink second = link("le2", t.instance().baseUrl(), "le-creds");
    second.getSpec().setWebhooks(List.of(new WebhookSpec("tickets", "https://platform.example/hooks/halo", List.of(2))));
    world.apply(second);
    org.awaitility.Awaitility.await().atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(100))
        .until(() -> !leader.equals(world.kube.leases().inNamespace(OperatorFixture.NS).withName("psa-link-operator")
            .get().getSpec().getHolderIdentity()));
    Duration leaseTaken = Duration.ofNanos(System.nanoTime() - stopped);
    world.awaitLink("le2", LEASE.multipliedBy(5), l -> l.getStatus() != null && l.getStatus().condition("Ready")
        .filter(c -> "True".equals(c.getStatus())).isPresent(), "Ready under the new leader");
    Duration takeover = Duration.ofNanos(System.nanoTime() - stopped);
    assertThat(followerSeen.links).contains("le2");
    assertThat(world.kube.leases().inNamespace(OperatorFixture.NS).withName("psa-link-operator").get()
        .getSpec().getHolderIdentity()).isNotEqualTo(leader);
    world.awaitReady("le1");
    assertThat(t.instance().webhooks()).as("one per link, no duplicate").hasSize(2);
    Figures.record("LeaderElectionTest", "lease " + LEASE.toSeconds() + " s: follower reconciled 0 links while"
        + " the leader ran; after the leader stopped, the other held the lease after " + leaseTaken.toMillis()
        + " ms and a new link was Ready after " + takeover.toMillis() + " ms; 2 links, 2 webhooks in Halo");
  }
}
