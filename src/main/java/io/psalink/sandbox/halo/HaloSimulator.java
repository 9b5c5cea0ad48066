package io.psalink.sandbox.halo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * An in-process HaloPSA: one HTTP(S) server on 127.0.0.1 hosting many {@link Instance}s, each under
 * {@code /{name}} (and, with a separate auth host, {@code /{name}-auth} reached as {@code localhost}).
 * <pre>
 * try (HaloSimulator halo = HaloSimulator.start()) {
 *   Instance acme = halo.instance("acme");
 *   Agent petra = acme.addAgent("petra_api");
 *   acme.addApplication("id", "secret", Set.copyOf(Scopes.OPERATOR_PERMISSIONS), petra);
 *   String resourceServer = acme.baseUrl();
 * }
 * </pre>
 */
public final class HaloSimulator implements AutoCloseable {
  static {
    io.psalink.sandbox.TcpNoDelay.ensure();
  }

  private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]*");
  private static final String AUTH_HOST_SUFFIX = "-auth";
  private static final int BACKLOG = 4096;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String scheme;
  private final Map<String, Instance> instances = new ConcurrentHashMap<>();

  private HaloSimulator(HttpServer server, String scheme) {
    this.server = server;
    this.scheme = scheme;
    this.executor = workerPool();
    server.setExecutor(executor);
    server.createContext("/", this::dispatch);
    server.start();
  }

  /** Plain HTTP on 127.0.0.1 and an ephemeral port. */
  public static HaloSimulator start() {
    return start(0);
  }

  /** Plain HTTP on 127.0.0.1 and the given port (0 for an ephemeral one). */
  public static HaloSimulator start(int port) {
    try {
      return new HaloSimulator(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          BACKLOG), "http");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Halo simulator", e);
    }
  }

  /** HTTPS with the given server context (a private CA's certificate, say; it must cover 127.0.0.1 and localhost). */
  public static HaloSimulator startHttps(SSLContext serverContext) {
    try {
      HttpsServer https = HttpsServer.create(loopback(), BACKLOG);
      https.setHttpsConfigurator(new HttpsConfigurator(serverContext));
      return new HaloSimulator(https, "https");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Halo simulator", e);
    }
  }

  /** The instance with this name (ignoring case), created on first use. */
  public Instance instance(String name) {
    if (!INSTANCE_NAME.matcher(name).matches() || name.toLowerCase(Locale.ROOT).endsWith(AUTH_HOST_SUFFIX)) {
      throw new IllegalArgumentException("not a usable instance name: " + name);
    }
    return instances.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new Instance(this, name));
  }

  public List<Instance> instances() {
    return new ArrayList<>(instances.values());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code scheme://host:port}, host being 127.0.0.1 or localhost. */
  String origin(String host) {
    return scheme + "://" + host + ":" + port();
  }

  /** Stops accepting, closes open connections and interrupts requests still sleeping. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void dispatch(HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath();
    int end = path.indexOf('/', 1);
    String first = (end < 0 ? path.substring(1) : path.substring(1, end)).toLowerCase(Locale.ROOT);
    String rest = end < 0 ? "" : path.substring(end);
    Instance instance = instances.get(first);
    boolean authHost = false;
    if (instance == null && first.endsWith(AUTH_HOST_SUFFIX)) {
      instance = instances.get(first.substring(0, first.length() - AUTH_HOST_SUFFIX.length()));
      authHost = true;
    }
    if (instance == null) {
      try (exchange) {
        exchange.sendResponseHeaders(404, -1);
      } catch (IOException ignored) {
        // client gone
      }
      return;
    }
    instance.serve(exchange, rest, authHost);
  }

  private static InetSocketAddress loopback() throws IOException {
    // literally 127.0.0.1: base URLs name it, whatever the JVM's IPv6 preference
    return new InetSocketAddress(InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1}), 0);
  }

  /** Unbounded, so thousands of slow (latency, delay faults) requests proceed side by side. */
  private static ExecutorService workerPool() {
    AtomicInteger n = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread thread = new Thread(r, "halo-sim-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public String toString() {
    return "HaloSimulator[" + origin("127.0.0.1") + ", instances=" + instances.keySet() + "]";
  }
}
