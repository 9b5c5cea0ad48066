package io.psalink.halo;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/** Targets and clients for tests. */
final class Targets {

  static final String SECRET = "s3cr3t-Value/with+chars";
  static final List<String> SCOPES = List.of("admin:webhooks", "read:tickets", "edit:tickets", "read:customers");

  private Targets() {}

  static OkHttpClient fastHttp() {
    return HaloClient.defaultHttp().newBuilder()
        .connectTimeout(Duration.ofSeconds(2)).readTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).build();
  }

  static HaloTarget target(FakeHalo halo) {
    return target(halo.endpoint(), null, null, "client-a", SECRET);
  }

  static HaloTarget target(HaloEndpoint endpoint, String tenant, URI authServer, String clientId, String secret) {
    return new HaloTarget(endpoint, tenant, authServer, new HaloCredentials(clientId, secret), SCOPES, null);
  }
}
