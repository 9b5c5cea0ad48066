package io.psalink.halo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The per-instance request budget: no rolling window above it, callers wait, waiting too long is transient. */
class RateBudgetTest {
  private static final URI ACME = URI.create("https://acme.halopsa.com");

  @Test
  void noRollingWindowHoldsMoreThanTheBudgetUnderSaturation() throws Exception {
    RateBudget budget = new RateBudget(20, Duration.ofMillis(800), Duration.ofSeconds(10));
    List<Long> admitted = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(6);
    long end = System.nanoTime() + Duration.ofMillis(2600).toNanos();
    for (int t = 0; t < 6; t++) {
      pool.submit(() -> {
        while (System.nanoTime() < end) {
          budget.acquire(ACME);
          admitted.add(System.nanoTime());
        }
        return null;
      });
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
    assertThat(maxInWindow(admitted, Duration.ofMillis(800))).isLessThanOrEqualTo(20);
    assertThat(admitted.size()).as("still makes progress").isGreaterThan(40);
  }

  @Test
  void aBurstUpToTheBudgetGoesAtOnceAndTheNextCallWaitsForTheWindow() throws HaloException {
    // a new link's first pass is about ten calls: it must not be cut into slices of the window
    RateBudget budget = new RateBudget(30, Duration.ofMillis(1500), Duration.ofSeconds(10));
    long start = System.nanoTime();
    for (int i = 0; i < 30; i++) {
      budget.acquire(ACME);
    }
    Duration burst = Duration.ofNanos(System.nanoTime() - start);
    assertThat(burst).as("30 calls within a budget of 30").isLessThan(Duration.ofMillis(1000));
    budget.acquire(ACME);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the 31st waits for the first to leave the window")
        .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
  }

  @Test
  void aCallThatWouldWaitLongerThanAllowedFailsAtOnceAsBudgetSpent() throws HaloException {
    RateBudget budget = new RateBudget(3, Duration.ofMinutes(5), Duration.ofSeconds(1));
    for (int i = 0; i < 3; i++) {
      budget.acquire(ACME);
    }
    long start = System.nanoTime();
    assertThatThrownBy(() -> budget.acquire(ACME)).isInstanceOfSatisfying(HaloException.class,
        e -> assertThat(e.failure()).isInstanceOf(HaloFailure.BudgetSpent.class));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no pointless wait").isLessThan(Duration.ofMillis(500));
  }

  @Test
  void instancesHaveSeparateBudgetsAndCaseDoesNotSplitOne() throws HaloException {
    RateBudget budget = new RateBudget(2, Duration.ofMinutes(5), Duration.ZERO);
    budget.acquire(ACME);
    budget.acquire(URI.create("https://acme.halopsa.com/"));
    assertThatThrownBy(() -> budget.acquire(URI.create("https://ACME.halopsa.com/")))
        .isInstanceOfSatisfying(HaloException.class, e -> {
          assertThat(e.failure()).isInstanceOf(HaloFailure.BudgetSpent.class);
          assertThat(e.failure().isTransient()).isTrue();
          assertThat(e.failure().message()).contains("2 requests per 5 min");
        });
    budget.acquire(URI.create("https://other.halopsa.com"));
  }

  @Test
  void defaultStaysWellUnderTheLowestPublishedLimit() {
    RateBudget standard = RateBudget.standard();
    assertThat(standard.requests()).isEqualTo(250);
    assertThat(standard.window()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void sizesThatCannotKeepTheirPromiseAreRefused() {
    assertThatThrownBy(() -> new RateBudget(1, Duration.ofMinutes(5), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RateBudget(10, Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static int maxInWindow(List<Long> times, Duration window) {
    List<Long> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    int best = 0;
    int start = 0;
    for (int i = 0; i < sorted.size(); i++) {
      while (sorted.get(i) - sorted.get(start) >= window.toNanos()) {
        start++;
      }
      best = Math.max(best, i - start + 1);
    }
    return best;
  }
}
