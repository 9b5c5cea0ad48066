package io.psalink.sandbox.halo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateWindowTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void windowRollsOneAdmissionAtATime() {
    RateWindow window = new RateWindow(2, Duration.ofSeconds(10), true);

    assertThat(window.tryAcquire(0).admitted()).isTrue();
    assertThat(window.tryAcquire(4 * SECOND).admitted()).isTrue();
    RateWindow.Decision refused = window.tryAcquire(6 * SECOND);
    assertThat(refused.admitted()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(4));
    assertThat(refused.retryAfterSeconds()).isEqualTo(4);

    assertThat(window.tryAcquire(10 * SECOND).admitted()).as("the first admission aged out").isTrue();
    RateWindow.Decision again = window.tryAcquire(11 * SECOND);
    assertThat(again.admitted()).as("the second is still inside the window").isFalse();
    assertThat(again.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    assertThat(window.tryAcquire(14 * SECOND).admitted()).isTrue();
  }

  @Test
  void retryAfterRoundsUpToWholeSecondsAndIsAtLeastOne() {
    assertThat(new RateWindow.Decision(false, Duration.ofMillis(1)).retryAfterSeconds()).isEqualTo(1);
    assertThat(new RateWindow.Decision(false, Duration.ofMillis(1001)).retryAfterSeconds()).isEqualTo(2);
  }

  @Test
  void messageUsesHalosWording() {
    assertThat(new RateWindow(500, Duration.ofMinutes(5), false).message())
        .isEqualTo("Rate Limit Reached - 500 Requests per rolling 5 minute window");
    assertThat(new RateWindow(3, Duration.ofSeconds(30), false).message())
        .isEqualTo("Rate Limit Reached - 3 Requests per rolling 0.5 minute window");
  }
}
