package io.psalink.reconciler;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.halo.HaloClient;
import io.psalink.halo.RateBudget;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * When the operator's own request budget for an instance is spent, it holds re-checks back without touching the
 * status: nothing is wrong with the link or with Halo. Budget: 12 requests per 5 minutes, no waiting, so the first
 * pass (about ten requests) fits and the re-checks one second apart do not.
 */
class OwnRateBudgetTest {
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.start(s -> s, HaloSimulator.start(), new HaloClient(HaloClient.defaultHttp(),
        Clock.systemUTC(), new RateBudget(12, Duration.ofMinutes(5), Duration.ZERO)), true);
  }

  @AfterAll
  static void stop() {
    world.close();
  }

  @Test
  void aReadyLinkWhoseRecheckTheBudgetHoldsBackKeepsItsStatusUntouched() throws InterruptedException {
    Tenant t = world.tenant("paced");
    world.credentials("paced-creds", t);
    HaloLink l = link("paced", t.instance().baseUrl(), "paced-creds");
    l.getSpec().setVerifyInterval("1s");
    world.apply(l);
    HaloLink ready = world.awaitReady("paced");
    String version = ready.getMetadata().getResourceVersion();
    int events = world.events("paced").size();

    Thread.sleep(3500); // three verify intervals, each re-check held back by the spent budget
    HaloLink after = world.get("paced");
    assertThat(after.getMetadata().getResourceVersion()).as("no status write").isEqualTo(version);
    assertThat(world.events("paced")).as("no new events").hasSize(events);
    assertThat(after.getStatus().condition("Ready").get().getMessage()).doesNotContain("could not finish");
    assertThat(t.instance().requests()).as("Halo never saw more than the budget").hasSizeLessThanOrEqualTo(12);
  }
}
