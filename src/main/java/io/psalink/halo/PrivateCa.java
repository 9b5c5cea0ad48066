package io.psalink.halo;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** An HTTP client that trusts exactly the CA certificates of one PEM, and nothing else. Hostnames are still verified. */
public final class PrivateCa {

  private static final Pattern CERTIFICATE =
      Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");

  private PrivateCa() {}

  /** Whether {@code pem} holds at least one certificate that can be read, and nothing that cannot. */
  public static boolean holdsCertificate(String pem) {
    try {
      return pem != null && !certificates(pem).isEmpty();
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    List<Certificate> certificates = new ArrayList<>();
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    Matcher m = CERTIFICATE.matcher(pem);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(1));
      certificates.add(factory.generateCertificate(new ByteArrayInputStream(der)));
    }
    return certificates;
  }

  static OkHttpClient trusting(OkHttpClient shared, String pem) throws HaloException {
    try {
      List<Certificate> certificates = certificates(pem);
      if (certificates.isEmpty()) {
        throw unreadable();
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("private-ca-" + i, certificates.get(i));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      X509TrustManager trustManager = null;
      for (TrustManager tm : tmf.getTrustManagers()) {
        if (tm instanceof X509TrustManager x) {
          trustManager = x;
        }
      }
      if (trustManager == null) {
        throw unreadable();
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustManager}, null);
      return shared.newBuilder().sslSocketFactory(context.getSocketFactory(), trustManager).build();
    } catch (GeneralSecurityException | IllegalArgumentException | java.io.IOException e) {
      throw unreadable();
    }
  }

  private static HaloException unreadable() {
    return new HaloException(new HaloFailure.TlsUntrusted("the configured CA certificate is not a readable PEM certificate"));
  }
}
