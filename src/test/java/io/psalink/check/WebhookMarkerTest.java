package io.psalink.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookMarkerTest {
  @Test
  void markerRoundTripsThroughTheNote() {
    WebhookMarker m = WebhookMarker.of("psa/acme", "alerts", "halo", "pw", "client-secret");
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
    String a = WebhookMarker.of("psa/acme", "alerts", "halo", "secret-one", "client-secret").note();
    String b = WebhookMarker.of("psa/acme", "alerts", "halo", "secret-two", "client-secret").note();
    assertThat(a).isNotEqualTo(b).doesNotContain("secret-one");
    assertThat(WebhookMarker.of("psa/acme", "alerts", null, null, "client-secret").authFingerprint()).isNull();
  }

  @Test
  void theFingerprintIsKeyedSoItCannotBeCheckedWithoutTheClientSecret() throws Exception {
    String keyed = WebhookMarker.of("psa/acme", "alerts", "halo", "pw", "client-secret").authFingerprint();
    assertThat(WebhookMarker.of("psa/acme", "alerts", "halo", "pw", "another-secret").authFingerprint())
        .isNotEqualTo(keyed);
    // a plain digest of what the note names would let anyone who reads webhooks test password guesses offline
    byte[] plain = java.security.MessageDigest.getInstance("SHA-256").digest("psa/acme#alerts\nhalo\npw"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(keyed).hasSize(16).isNotEqualTo(java.util.HexFormat.of().formatHex(plain, 0, 8));
  }
}
