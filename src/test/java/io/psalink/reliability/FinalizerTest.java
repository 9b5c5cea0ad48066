package io.psalink.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.sandbox.halo.RecordedRequest;
import io.psalink.testing.Figures;
import io.psalink.testing.KubeFaults;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator adds its finalizer while a new link's first pass reads Halo, not before it, and writes nothing to
 * Halo until the finalizer is on the link.
 */
class FinalizerTest {
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start());
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  private static String path(String name) {
    return "/apis/" + HaloLink.GROUP + "/" + HaloLink.VERSION + "/namespaces/" + OperatorFixture.NS + "/halolinks/"
        + name;
  }

  @Test
  void theFirstPassReadsHaloWhileTheFinalizerIsWritten() throws InterruptedException {
    KubeFaults.Delay slow = world.kubeFaults.delay("PATCH", path("overlap"), Duration.ofMillis(1500), 1);
    Tenant t = world.applyLinkWithWebhook("overlap");
    HaloLink ready = world.awaitReady("overlap");

    assertThat(ready.getMetadata().getFinalizers()).containsExactly(HaloLink.FINALIZER);
    assertThat(slow.answered()).as("the finalizer write, answered late").hasSize(1);
    Instant finalizerAnswered = slow.answered().get(0);
    List<RecordedRequest> calls = t.instance().requests();
    Instant firstCall = calls.stream().map(RecordedRequest::time).min(Comparator.naturalOrder()).orElseThrow();
    assertThat(firstCall).as("Halo is asked before the finalizer write returns")
        .isBefore(finalizerAnswered.minusMillis(1000));
    RecordedRequest webhookWrite = calls.stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/Webhook")).findFirst().orElseThrow();
    // the answer timer starts just after the recorded instant; a few ms of clock granularity either way
    assertThat(webhookWrite.time()).as("the webhook is registered only once the finalizer is on the link")
        .isAfter(finalizerAnswered.minusMillis(50));

    // the finalizer write is the operator's own: it starts no second pass
    Thread.sleep(1000);
    assertThat(t.instance().count("GET", ".*/api/Agent/me")).as("passes against Halo").isEqualTo(1);
    assertThat(t.instance().webhooks()).hasSize(1);
    Figures.record("FinalizerTest", "finalizer answered 1500 ms late: first Halo call "
        + Duration.between(firstCall, finalizerAnswered).toMillis() + " ms before that answer, webhook write "
        + Duration.between(finalizerAnswered, webhookWrite.time()).toMillis() + " ms after it, 1 pass");
  }

  @Test
  void nothingIsWrittenToHaloWhileTheFinalizerCannotBeAdded() {
    KubeFaults.Rule refused = world.kubeFaults.inject("PATCH", path("refused"), 403, -1);
    Tenant t = world.applyLinkWithWebhook("refused");
    // the pass reads Halo, is refused the finalizer, and is retried by JOSDK
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> refused.hits() >= 2 && t.instance().count("GET", ".*/api/Webhook") >= 2);
    assertThat(t.instance().count("POST", ".*/api/Webhook")).as("webhook writes").isZero();
    assertThat(t.instance().webhooks()).isEmpty();
    HaloLink held = world.get("refused");
    assertThat(held.getMetadata().getFinalizers()).isNullOrEmpty();
    assertThat(held.getStatus() == null ? List.of() : held.getStatus().getConditions())
        .as("no verdict without the finalizer").isNullOrEmpty();

    world.kubeFaults.clear();
    HaloLink ready = world.awaitReady("refused");
    assertThat(ready.getMetadata().getFinalizers()).containsExactly(HaloLink.FINALIZER);
    assertThat(t.instance().webhooks()).hasSize(1);
    Figures.record("FinalizerTest", "finalizer refused " + refused.hits() + " times: 0 webhook writes, no verdict;"
        + " Ready with 1 webhook once allowed");
  }
}
