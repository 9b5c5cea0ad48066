package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.halo.HaloClient;
import io.psalink.halo.RateBudget;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.testing.Figures;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Clock;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 50 links on one tenant share one rate budget. Time is scaled down (a 4 s window instead of 5 minutes) so the
 * test runs in seconds: budget 100 per window, Halo's own limit 120 per window (the same 5:6 ratio as 250 against
 * the 300 per 5 minutes that Halo publishes as its lowest limit).
 */
class SharedTenantLoadTest {
  static final Duration WINDOW = Duration.ofSeconds(4);
  static final int BUDGET = 100;
  static final int HALO_LIMIT = 120;
  static final int LINKS = 50;
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start(s -> s, HaloSimulator.start(),
        new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC(), new RateBudget(BUDGET, WINDOW, Duration.ofSeconds(30))),
        true));
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  @Test
  void fiftyLinksOnOneTenantStayUnderTheBudgetAndAllBecomeReady() {
    Tenant t = world.tenant("busy");
    t.instance().rateLimit(HALO_LIMIT, WINDOW, true);
    world.credentials("busy-creds", t);
    long started = System.nanoTime();
    for (int i = 1; i <= LINKS; i++) {
      world.apply(link("busy-" + i, t.instance().baseUrl(), "busy-creds"));
    }
    Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() ->
        world.kube.resources(HaloLink.class).inNamespace(OperatorFixture.NS).list().getItems().stream()
            .filter(l -> l.getStatus() != null && l.getStatus().condition("Ready")
                .filter(c -> "True".equals(c.getStatus())).isPresent()).count() == LINKS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    int max = t.instance().maxRequestsInWindow(WINDOW);
    long limited = t.instance().requests().stream().filter(r -> r.status() == 429).count();
    assertThat(max).as("most requests Halo saw in any rolling window").isLessThanOrEqualTo(BUDGET);
    assertThat(limited).as("Halo never had to refuse a request").isZero();
    Figures.record("SharedTenantLoadTest", String.format("%d links on one tenant, budget %d per %d s (Halo's limit"
        + " %d): %d requests in all, at most %d in any rolling window, %d answered 429; all Ready after %d s",
        LINKS, BUDGET, WINDOW.toSeconds(), HALO_LIMIT, t.instance().requests().size(), max, limited,
        took.toSeconds()));
  }
}
