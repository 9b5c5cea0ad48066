package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Kubernetes API on one machine, without a cluster, that both the fabric8 client and the real
 * {@code kubectl} can use: the fabric8 CRUD mock server on an internal port, and in front of it an
 * HTTP server on 127.0.0.1 that adds what kubectl needs (discovery, Table output, HTTP watches
 * with field selectors, strategic merge and server-side apply patches).
 *
 * <p>Custom resources get their {@code /status} subresource only when their CRD is created in
 * this API before them (as a real API server would require anyway).
 *
 * <pre>{@code
 * try (EmbeddedKubeApi api = EmbeddedKubeApi.start(0)) {
 *   api.client().apiextensions().v1().customResourceDefinitions().resource(crd).create();
 *   api.writeKubeconfig(Path.of("/tmp/sandbox.kubeconfig"));
 *   // kubectl --kubeconfig /tmp/sandbox.kubeconfig get hl
 * }
 * }</pre>
 */
public final class EmbeddedKubeApi implements AutoCloseable {
  static {
    io.psalink.sandbox.TcpNoDelay.ensure();
  }

  /** The bearer token written into kubeconfigs; the embedded API accepts any. */
  public static final String TOKEN = "sandbox";
  public static final String CONTEXT = "psalink-sandbox";

  private final KubernetesMockServer mock;
  private final HttpServer front;
  private final ExecutorService executor;
  private final String url;
  private volatile KubernetesClient client;

  private EmbeddedKubeApi(KubernetesMockServer mock, HttpServer front, ExecutorService executor) {
    this.mock = mock;
    this.front = front;
    this.executor = executor;
    this.url = "http://127.0.0.1:" + front.getAddress().getPort();
  }

  /** Starts the API on {@code port} of 127.0.0.1 (0 picks a free port). */
  public static EmbeddedKubeApi start(int port) {
    return start(port, Duration.ofSeconds(5));
  }

  static EmbeddedKubeApi start(int port, Duration watchHeartbeat) {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new IndexedCrudDispatcher(), false);
    mock.init(loopback, 0);
    ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
    try {
      HttpServer front = HttpServer.create(new InetSocketAddress(loopback, port), 128);
      ObjectMapper mapper = new ObjectMapper();
      MockBackend backend = new MockBackend(URI.create("http://127.0.0.1:" + mock.getPort()), mapper);
      Tombstones tombstones = new Tombstones(backend);
      WatchStream watches = new WatchStream(backend, mapper, new TableRenderer(mapper), tombstones, watchHeartbeat);
      String address = "127.0.0.1:" + front.getAddress().getPort();
      front.createContext("/", new KubeApiHandler(mapper, backend, watches, tombstones, address));
      front.setExecutor(executor);
      front.start();
      backend.send("POST", "/api/v1/namespaces", "application/json",
          "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"default\"}}".getBytes(StandardCharsets.UTF_8));
      return new EmbeddedKubeApi(mock, front, executor);
    } catch (IOException e) {
      executor.shutdownNow();
      mock.destroy();
      throw new UncheckedIOException("cannot start the embedded Kubernetes API on port " + port, e);
    }
  }

  /** The base URL kubectl and clients talk to, e.g. {@code http://127.0.0.1:38017}. */
  public String url() {
    return url;
  }

  public int port() {
    return front.getAddress().getPort();
  }

  /** A fabric8 client of this API, namespace {@code default}; closed with this object. */
  public KubernetesClient client() {
    KubernetesClient c = client;
    if (c == null) {
      synchronized (this) {
        if (client == null) {
          client = newClient();
        }
        c = client;
      }
    }
    return c;
  }

  /** A new fabric8 client of this API that the caller closes. */
  public KubernetesClient newClient() {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withOauthToken(TOKEN)
        .withNamespace("default")
        .withRequestRetryBackoffLimit(0)
        .build();
    // both the JDK and the Vert.x http client are on the class path: choose, do not let chance
    return new KubernetesClientBuilder()
        .withConfig(config)
        .withHttpClientFactory(new JdkHttpClientFactory())
        .build();
  }

  /** Writes a kubeconfig (cluster, user with a dummy token, context, namespace default) for kubectl. */
  public Path writeKubeconfig(Path file) {
    String yaml = String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "- name: " + CONTEXT,
        "  cluster:",
        "    server: " + url,
        "users:",
        "- name: " + CONTEXT,
        "  user:",
        "    token: " + TOKEN,
        "contexts:",
        "- name: " + CONTEXT,
        "  context:",
        "    cluster: " + CONTEXT,
        "    user: " + CONTEXT,
        "    namespace: default",
        "current-context: " + CONTEXT,
        "");
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
  }

  @Override
  public void close() {
    KubernetesClient c = client;
    if (c != null) {
      c.close();
    }
    front.stop(0);
    executor.shutdownNow();
    mock.destroy();
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "embedded-kube-api-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
