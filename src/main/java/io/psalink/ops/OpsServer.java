package io.psalink.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's ops endpoints, served on one port for the kubelet and Prometheus.
 *
 * <ul>
 *   <li>{@code /healthz}: liveness, 200 while {@code live} says the process is not in a fatal state.
 *   <li>{@code /readyz}: readiness, 200 when {@code ready} says the informers are started and synced.
 *       Under leader election a standby (non-leader) must also answer 200: a standby that is not
 *       Ready would block every rolling update of the Deployment, and the leader is not the only
 *       replica that can take over.
 *   <li>{@code /metrics}: Prometheus text exposition (format 0.0.4) of the registry.
 * </ul>
 *
 * Everything else answers 404, methods other than GET and HEAD 405. A supplier that throws counts as
 * false.
 */
public final class OpsServer implements AutoCloseable {
  public static final String HEALTHZ = "/healthz";
  public static final String READYZ = "/readyz";
  public static final String METRICS = "/metrics";

  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving on all interfaces.
   *
   * @param port the port; 0 picks a free one (see {@link #port()})
   */
  public static OpsServer start(
      int port, BooleanSupplier live, BooleanSupplier ready, PrometheusMeterRegistry registry)
      throws IOException {
    return start(new InetSocketAddress(port), live, ready, registry);
  }

  /** Starts serving on the given address (tests bind to loopback). */
  public static OpsServer start(
      InetSocketAddress address,
      BooleanSupplier live,
      BooleanSupplier ready,
      PrometheusMeterRegistry registry)
      throws IOException {
    Objects.requireNonNull(live, "live");
    Objects.requireNonNull(ready, "ready");
    Objects.requireNonNull(registry, "registry");
    HttpServer server = HttpServer.create(address, 0);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ops-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            handle(exchange, live, ready, registry);
          } catch (RuntimeException | IOException e) {
            LOG.debug("ops request {} failed", exchange.getRequestURI().getPath(), e);
          }
        });
    server.start();
    OpsServer ops = new OpsServer(server, executor);
    LOG.info("Serving {}, {} and {} on port {}", HEALTHZ, READYZ, METRICS, ops.port());
    return ops;
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static void handle(
      HttpExchange exchange,
      BooleanSupplier live,
      BooleanSupplier ready,
      PrometheusMeterRegistry registry)
      throws IOException {
    String method = exchange.getRequestMethod();
    if (!"GET".equals(method) && !"HEAD".equals(method)) {
      exchange.getResponseHeaders().set("Allow", "GET, HEAD");
      send(exchange, 405, "text/plain; charset=utf-8", "method not allowed\n");
      return;
    }
    switch (exchange.getRequestURI().getPath()) {
      case HEALTHZ -> probe(exchange, live, "ok\n", "not live\n");
      case READYZ -> probe(exchange, ready, "ok\n", "not ready\n");
      case METRICS -> send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
      default -> send(exchange, 404, "text/plain; charset=utf-8", "not found\n");
    }
  }

  private static void probe(HttpExchange exchange, BooleanSupplier check, String ok, String notOk)
      throws IOException {
    boolean passed;
    try {
      passed = check.getAsBoolean();
    } catch (RuntimeException e) {
      LOG.warn("{} check failed: {}", exchange.getRequestURI().getPath(), e.toString());
      passed = false;
    }
    send(exchange, passed ? 200 : 503, "text/plain; charset=utf-8", passed ? ok : notOk);
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
