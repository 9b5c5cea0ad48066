package io.psalink.sandbox.halo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator over TLS with a self-signed certificate, as a self-hosted Halo with a private CA. */
class HttpsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();

  @Test
  void servesTokenAndApiOverTlsToAClientTrustingTheCertificate(@TempDir Path dir) throws Exception {
    KeyStore keyStore = selfSignedKeyStore(dir);
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(keyStore);
    SSLContext clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trust.getTrustManagers(), null);

    try (HaloSimulator halo = HaloSimulator.startHttps(server)) {
      Instance acme = halo.instance("acme").separateAuthHost(true);
      acme.addApplication("id", "secret", Set.of("read:tickets"), acme.addAgent("petra_api"));
      HaloClient client = new HaloClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .sslContext(clientContext).connectTimeout(Duration.ofSeconds(2)).build());

      assertThat(acme.baseUrl()).startsWith("https://127.0.0.1:");
      assertThat(acme.tokenUrl()).startsWith("https://localhost:");
      String token = client.accessToken(acme, "id", "secret", "read:tickets");
      assertThat(client.get(acme.baseUrl() + "/api/Tickets?count=1", token).statusCode()).isEqualTo(200);
    }
  }

  private static KeyStore selfSignedKeyStore(Path dir) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    assumeThat(Files.isExecutable(keytool)).as("keytool in the JDK").isTrue();
    Path file = dir.resolve("halo.p12");
    Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "halo",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      keyStore.load(in, PASSWORD);
    }
    return keyStore;
  }
}
