package io.psalink.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookMarkerTest {
  @Test
  void markerRoundTripsThroughTheNote() {
    WebhookMarker m = WebhookMarker.of("psa/acme", "alerts", "halo", "pw");
    assertThat(WebhookMarker.parse(m.note())).contains(m);
    assertThat(WebhookMarker.parse("edited by a human; " + m.note() + " more text")).contains(m);
  }

  @Test
  void notesWithoutMarkerBelongToNobody() {
    assertThat(WebhookMarker.parse(null)).isEmpty();
    assertThat(WebhookMarker.parse("psalink:psa/acme#alerts")).isEmpty();
  }

  @Test
  void fingerprintChangesWithThePasswordButDoesNotContainIt() {
    String a = WebhookMarker.of("psa/acme", "alerts", "halo", "secret-one").note();
    String b = WebhookMarker.of("psa/acme", "alerts", "halo", "secret-two").note();
    assertThat(a).isNotEqualTo(b).doesNotContain("secret-one");
    assertThat(WebhookMarker.of("psa/acme", "alerts", null, null).authFingerprint()).isNull();
  }
}
