package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.CaSecretRef;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.halo.HaloClient;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.testing.Figures;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Clock;
import java.util.Map;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A self-hosted Halo whose certificate comes from a private CA: trusted only through spec.caSecretRef. */
class PrivateCaTest {
  static final HeldCertificate CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("MSP private CA").build();
  static final HeldCertificate OTHER_CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("Other CA").build();
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    HeldCertificate server = new HeldCertificate.Builder().addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("localhost").signedBy(CA).build();
    HandshakeCertificates certs = new HandshakeCertificates.Builder().heldCertificate(server, CA.certificate()).build();
    world = OperatorFixture.scanned(() -> OperatorFixture.start(s -> s, HaloSimulator.startHttps(certs.sslContext()),
        new HaloClient(HaloClient.defaultHttp(), Clock.systemUTC()), true));
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  private HaloLink caLink(String name, Tenant t, String caSecret) {
    world.credentials(name + "-creds", t);
    HaloLink l = link(name, t.instance().baseUrl(), name + "-creds");
    if (caSecret != null) {
      CaSecretRef ref = new CaSecretRef();
      ref.setName(caSecret);
      l.getSpec().setCaSecretRef(ref);
    }
    return world.apply(l);
  }

  @Test
  void privateCaIsTrustedOnlyThroughCaSecretRef() {
    world.secret("msp-ca", Map.of("ca.crt", CA.certificatePem()));
    world.secret("other-ca", Map.of("ca.crt", OTHER_CA.certificatePem()));
    Tenant t = world.tenant("selfhosted");
    assertThat(t.instance().baseUrl()).startsWith("https://");

    caLink("with-ca", t, "msp-ca");
    caLink("without-ca", t, null);
    caLink("wrong-ca", t, "other-ca");

    world.awaitReady("with-ca");
    for (String name : new String[] {"without-ca", "wrong-ca"}) {
      HaloLink l = world.awaitCondition(name, "Ready", "False", "CertificateUntrusted");
      String message = l.getStatus().condition("Ready").get().getMessage();
      assertThat(message).contains("not trusted").contains("caSecretRef").doesNotContainIgnoringCase("unreachable")
          .doesNotContain("client credentials");
      assertThat(l.getStatus().condition("Stalled")).isPresent();
    }
    world.secret("not-a-ca", Map.of("ca.crt", "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n"
        + "-----END CERTIFICATE-----\n"));
    int before = t.instance().requests().size();
    caLink("unreadable-ca", t, "not-a-ca");
    HaloLink unreadable = world.awaitCondition("unreadable-ca", "Ready", "False", "SecretValueInvalid");
    assertThat(unreadable.getStatus().condition("Ready").get().getMessage()).contains("not-a-ca", "ca.crt",
        "holds no PEM certificate");
    assertThat(t.instance().requests()).as("nothing asked of Halo with a CA that cannot be read").hasSize(before);
    Figures.record("PrivateCaTest", "https simulator with a private CA: with caSecretRef Ready; without it and with"
        + " another CA Ready=False CertificateUntrusted (Stalled), never unreachable or invalid client");
  }
}
