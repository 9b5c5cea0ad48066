package io.psalink.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Counts and times every call to Halo, tagged by normalised endpoint, method and status.
 *
 * <p>Prometheus names: {@code halo_api_requests_total} and {@code halo_api_request_duration_seconds}.
 * Tags never carry a host, a query (hosted tenants pass {@code ?tenant=}), an id or a credential:
 * only the path after {@code /api/}, lowercased, with id-like segments replaced by {@code {id}}.
 * Add it with {@code OkHttpClient.Builder.addInterceptor} so that one call counts once.
 */
public final class HaloCallMetrics implements Interceptor {
  public static final String REQUESTS = "halo.api.requests";
  public static final String DURATION = "halo.api.request.duration";
  public static final String IO_ERROR = "io_error";

  /** Bounds the endpoint tag's cardinality: deeper paths are cut. */
  private static final int MAX_SEGMENTS = 3;

  private static final Pattern WORD = Pattern.compile("[a-z][a-z_-]*");

  private final MeterRegistry registry;

  public HaloCallMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    String endpoint = endpoint(request.url());
    String method = request.method();
    long start = System.nanoTime();
    String status = IO_ERROR;
    try {
      Response response = chain.proceed(request);
      status = Integer.toString(response.code());
      return response;
    } finally {
      long elapsed = System.nanoTime() - start;
      Counter.builder(REQUESTS)
          .description("Calls to the Halo API by endpoint, method and HTTP status (io_error: no response)")
          .tags("endpoint", endpoint, "method", method, "status", status)
          .register(registry)
          .increment();
      Timer.builder(DURATION)
          .description("Latency of calls to the Halo API until the response headers arrived")
          .tags("endpoint", endpoint, "method", method, "status", status)
          .register(registry)
          .record(elapsed, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /**
   * The endpoint tag of a URL: {@code https://x.halopsa.com/api/Webhook/5f0c...} gives {@code
   * webhook/{id}}, {@code .../api/Agent/me} gives {@code agent/me}, {@code .../auth/token?tenant=x}
   * gives {@code token}. Paths outside {@code /api/} other than the token endpoint give {@code other}.
   */
  public static String endpoint(HttpUrl url) {
    List<String> segments = new ArrayList<>();
    for (String s : url.pathSegments()) {
      if (!s.isEmpty()) {
        segments.add(s.toLowerCase(Locale.ROOT));
      }
    }
    int api = segments.indexOf("api");
    if (api < 0) {
      // the token endpoint lives on the auth server: {base}/auth/token or {authServer}/token
      return !segments.isEmpty() && segments.get(segments.size() - 1).equals("token")
          ? "token"
          : "other";
    }
    List<String> rest = segments.subList(api + 1, segments.size());
    if (rest.isEmpty()) {
      return "root";
    }
    StringBuilder tag = new StringBuilder();
    for (int i = 0; i < Math.min(rest.size(), MAX_SEGMENTS); i++) {
      if (i > 0) {
        tag.append('/');
      }
      String s = rest.get(i);
      tag.append(WORD.matcher(s).matches() ? s : "{id}");
    }
    return tag.toString();
  }
}
