package io.psalink.bench;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests a fabric8 client sends, installed as one of its interceptors: writes (POST, PUT, PATCH,
 * DELETE) by what they write, and reads. Interceptors run for every request including retries, which is what
 * the API server sees.
 */
final class KubeCalls implements Interceptor {
  static final String NAME = "psalink-bench-counter";

  private final Map<String, LongAdder> writes = new ConcurrentHashMap<>();
  private final LongAdder reads = new LongAdder();
  private final LongAdder watches = new LongAdder();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    String method = request.method();
    String path = request.uri().getPath();
    String query = request.uri().getQuery();
    if ("GET".equals(method)) {
      (query != null && query.contains("watch=true") ? watches : reads).increment();
      return;
    }
    writes.computeIfAbsent(method + " " + target(path), k -> new LongAdder()).increment();
  }

  /** What a write changes: a link's status, a link (finalizers), an event, a lease, or another kind. */
  static String target(String path) {
    String[] s = path.split("/");
    if (path.endsWith("/status")) {
      return s.length >= 3 ? s[s.length - 3] + "/status" : "status";
    }
    // .../namespaces/{ns}/{plural}[/{name}]
    for (int i = 0; i < s.length - 1; i++) {
      if ("namespaces".equals(s[i]) && i + 2 < s.length) {
        return s[i + 2];
      }
    }
    return s.length > 0 ? s[s.length - 1] : path;
  }

  Counts counts() {
    Map<String, Long> byKind = new TreeMap<>();
    writes.forEach((k, v) -> byKind.put(k, v.sum()));
    long total = byKind.values().stream().mapToLong(Long::longValue).sum();
    long events = byKind.entrySet().stream().filter(e -> e.getKey().startsWith("POST events")).mapToLong(Map.Entry::getValue).sum();
    return new Counts(total, events, reads.sum(), watches.sum(), byKind);
  }

  /**
   * @param writes POST, PUT, PATCH and DELETE requests
   * @param events Events created
   * @param reads GET requests other than watches
   */
  record Counts(long writes, long events, long reads, long watches, Map<String, Long> writesByKind) {
    static final Counts ZERO = new Counts(0, 0, 0, 0, Map.of());

    Counts minus(Counts earlier) {
      Map<String, Long> byKind = new TreeMap<>(writesByKind);
      earlier.writesByKind.forEach((k, v) -> byKind.merge(k, -v, Long::sum));
      byKind.values().removeIf(v -> v == 0);
      return new Counts(writes - earlier.writes, events - earlier.events, reads - earlier.reads,
          watches - earlier.watches, byKind);
    }
  }
}
