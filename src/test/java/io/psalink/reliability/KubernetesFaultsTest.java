package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.testing.Figures;
import io.psalink.testing.KubeFaults;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Kubernetes API refuses status writes with 409 and 500 for longer than JOSDK's own retries last. */
class KubernetesFaultsTest {
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start());
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  @Test
  void refusedStatusWritesAreRetriedWithoutAskingHaloAgainAndNothingIsLost() throws InterruptedException {
    Tenant t = world.tenant("kfault");
    world.credentials("kfault-creds", t);
    String statusPath = "/apis/psalink.io/v1alpha1/namespaces/psa/halolinks/kfault/status";
    KubeFaults.Rule errors = world.kubeFaults.inject("PATCH", statusPath, 500, -1);
    world.apply(link("kfault", t.instance().baseUrl(), "kfault-creds"));

    // 7 s of 500s, then 28 s of 409s: longer than JOSDK's own retries (5 attempts over ~26 s) would last
    Thread.sleep(7_000);
    world.kubeFaults.clear();
    KubeFaults.Rule conflicts = world.kubeFaults.inject("PATCH", statusPath, 409, -1);

    Tenant other = world.tenant("kfine");
    world.credentials("kfine-creds", other);
    world.apply(link("kfine", other.instance().baseUrl(), "kfine-creds"));
    world.awaitReady("kfine"); // the operator works on: no crash loop
    Thread.sleep(28_000);
    assertThat(world.get("kfault").getStatus()).as("nothing got through yet").isNull();
    int haloRequests = t.instance().requests().size();
    world.kubeFaults.clear();

    world.awaitLink("kfault", Duration.ofSeconds(30), l -> l.getStatus() != null
        && l.getStatus().condition("Ready").filter(c -> "True".equals(c.getStatus())).isPresent(), "Ready");
    int refused = conflicts.hits() + errors.hits();
    assertThat(errors.hits()).isGreaterThanOrEqualTo(1);
    assertThat(conflicts.hits()).isGreaterThanOrEqualTo(2);
    assertThat(refused).as("status write attempts in 35 s: backoff, not a hot loop").isLessThanOrEqualTo(30);
    assertThat(haloRequests).as("one pass against Halo; the retries only write the kept status").isLessThanOrEqualTo(12);
    assertThat(world.events("kfault")).filteredOn(e -> "Succeeded".equals(e.getReason())).hasSize(1);
    Figures.record("KubernetesFaultsTest", String.format("status writes refused: %d x 500 then %d x 409 over 35 s;"
        + " Halo requests meanwhile: %d (one pass); status written after the API healed; a second link became Ready"
        + " during the outage", errors.hits(), conflicts.hits(), haloRequests));
  }
}
