package io.psalink.halo;

import static io.psalink.halo.Failed.failureOf;
import static io.psalink.halo.Targets.SCOPES;
import static io.psalink.halo.Targets.fastHttp;
import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TlsTest {

  static final HeldCertificate PRIVATE_CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("Acme private CA").build();
  static final HeldCertificate OTHER_CA = new HeldCertificate.Builder().certificateAuthority(0).commonName("Someone else").build();

  final FakeHalo halo = new FakeHalo();
  final HaloClient client = new HaloClient(fastHttp(), new MutableClock());

  @BeforeEach
  void healthyHalo() {
    halo.healthy();
  }

  @AfterEach
  void close() {
    client.close();
    halo.close();
  }

  void serveCertificateFor(String host) {
    HeldCertificate server = new HeldCertificate.Builder().addSubjectAlternativeName(host).signedBy(PRIVATE_CA).build();
    HandshakeCertificates certificates = new HandshakeCertificates.Builder().heldCertificate(server, PRIVATE_CA.certificate()).build();
    halo.server.useHttps(certificates.sslSocketFactory());
  }

  HaloSession session(String caPem) throws Exception {
    HaloEndpoint endpoint = HaloEndpoint.parse("https://localhost:" + halo.server.getPort());
    return client.session(new HaloTarget(endpoint, null, null, new HaloCredentials("c", "s"), SCOPES, caPem));
  }


  @Test
  void privateCaIsTrustedForItsTarget() throws Exception {
    serveCertificateFor("localhost");
    assertThat(session(PRIVATE_CA.certificatePem()).me().name()).isEqualTo("petra_api");
  }

  @Test
  void privateCaInABundleWithTextIsTrusted() throws Exception {
    serveCertificateFor("localhost");
    String bundle = "# issued by IT\n" + OTHER_CA.certificatePem() + "\nsubject=Acme\n" + PRIVATE_CA.certificatePem();
    assertThat(session(bundle).me().id()).isEqualTo(12);
  }

  @Test
  void certificateFromAPrivateCaIsUntrustedWithoutIt() throws Exception {
    serveCertificateFor("localhost");
    HaloFailure f = failureOf(session(null)::me);

    assertThat(f).isEqualTo(new HaloFailure.TlsUntrusted("the certificate is not signed by a trusted CA"));
    assertThat(f.isTransient()).isFalse();
  }

  @Test
  void anotherTargetsCaIsNotTrusted() throws Exception {
    serveCertificateFor("localhost");
    session(PRIVATE_CA.certificatePem()).me();

    assertThat(failureOf(session(OTHER_CA.certificatePem())::me)).isInstanceOf(HaloFailure.TlsUntrusted.class);
  }

  @Test
  void hostnameMismatchIsTlsUntrusted() throws Exception {
    serveCertificateFor("halo.other.example");
    assertThat(failureOf(session(PRIVATE_CA.certificatePem())::me))
        .isEqualTo(new HaloFailure.TlsUntrusted("the certificate does not match the host name"));
  }

  @Test
  void unreadableCaIsTlsUntrusted() throws Exception {
    serveCertificateFor("localhost");
    assertThat(failureOf(session("-----BEGIN CERTIFICATE-----\nnot base64 !!\n-----END CERTIFICATE-----")::me))
        .isEqualTo(new HaloFailure.TlsUntrusted("the configured CA certificate is not a readable PEM certificate"));
    assertThat(failureOf(session("just some text")::me)).isInstanceOf(HaloFailure.TlsUntrusted.class);
    assertThat(halo.requests).isEmpty();
  }
}
