package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Serves a watch as the API server does (an HTTP response streaming one JSON event per line),
 * which is what kubectl and fabric8's HTTP watch read. Behind it is the mock's own watch, a
 * WebSocket that knows no field selectors and no resource versions, so this class:
 * <ul>
 *   <li>filters events by field and label selector;</li>
 *   <li>once the mock's watch is open, reads the current objects and replays what the caller
 *       missed: everything as ADDED when the watch starts without a resourceVersion (or "0", or
 *       with {@code sendInitialEvents=true}), else a MODIFIED for each object newer than the
 *       requested resourceVersion, and a DELETED for each object deleted since (see {@link Tombstones}).
 *       That closes the gap between kubectl's list and its watch;</li>
 *   <li>writes a heartbeat (a BOOKMARK when allowed, else a blank line) so a caller that went away
 *       is noticed and its watch ended.</li>
 * </ul>
 */
final class WatchStream {

  private static final String END = "\u0000end";
  private static final int DEFAULT_TIMEOUT_SECONDS = 1800;
  /** In {@code sent}: the object's DELETED event was replayed from its tombstone. */
  private static final long GONE = Long.MIN_VALUE;

  private final MockBackend backend;
  private final ObjectMapper mapper;
  private final TableRenderer tables;
  private final Duration heartbeat;
  private final Tombstones tombstones;

  WatchStream(MockBackend backend, ObjectMapper mapper, TableRenderer tables, Tombstones tombstones,
      Duration heartbeat) {
    this.tombstones = tombstones;
    this.backend = backend;
    this.mapper = mapper;
    this.tables = tables;
    this.heartbeat = heartbeat;
  }

  /** The options of one watch request, from its query string and Accept header. */
  record Options(FieldSelector fields, LabelSelector labels, String resourceVersion, boolean sendInitialEvents,
                 boolean bookmarks, int timeoutSeconds, boolean table, TableRenderer.Include include) {

    static Options of(Map<String, String> q, boolean table) {
      int timeout = DEFAULT_TIMEOUT_SECONDS;
      try {
        timeout = Integer.parseInt(q.getOrDefault("timeoutSeconds", "" + DEFAULT_TIMEOUT_SECONDS));
      } catch (NumberFormatException ignored) {
        // keep the default
      }
      return new Options(FieldSelector.parse(q.get("fieldSelector")), LabelSelector.parse(q.get("labelSelector")),
          q.getOrDefault("resourceVersion", ""), "true".equals(q.get("sendInitialEvents")),
          "true".equals(q.get("allowWatchBookmarks")), timeout <= 0 ? DEFAULT_TIMEOUT_SECONDS : timeout,
          table, TableRenderer.Include.of(q.get("includeObject")));
    }

    boolean accepts(JsonNode obj, ApiPath path) {
      return fields.matches(obj) && labels.matches(obj)
          && (path.name() == null || path.name().equals(obj.path("metadata").path("name").asText()));
    }
  }

  void serve(HttpExchange ex, ApiPath path, ResourceInfo info, Options opts) throws IOException {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    WebSocket ws;
    try {
      ws = backend.http().newWebSocketBuilder()
          .buildAsync(backend.websocketUri(path.collectionPath() + "?watch=true"), new Collector(queue))
          .get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      KubeApiHandler.sendJson(ex, 503, KubeStatus.failure(mapper, 503, "ServiceUnavailable",
          "could not open a watch on the embedded API: " + e));
      return;
    }
    try {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
      ex.sendResponseHeaders(200, 0);
      OutputStream out = ex.getResponseBody();
      Map<String, Long> sent = new HashMap<>();
      long lastRv = replay(out, path, info, opts, sent);
      String requested = opts.resourceVersion();
      long floor = opts.sendInitialEvents() || requested.isEmpty() || "0".equals(requested) ? -1 : parseRv(requested);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(opts.timeoutSeconds());
      while (System.nanoTime() < deadline) {
        String msg = queue.poll(Math.min(heartbeat.toMillis(),
            Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))), TimeUnit.MILLISECONDS);
        if (msg == null) {
          if (opts.bookmarks() && !opts.table()) {
            write(out, "BOOKMARK", bookmark(info, lastRv, false), info, opts);
          } else {
            out.write('\n');
            out.flush();
          }
          continue;
        }
        if (END.equals(msg)) {
          break;
        }
        JsonNode event = mapper.readTree(msg);
        JsonNode obj = event.path("object");
        String type = event.path("type").asText();
        if (!obj.isObject() || !opts.accepts(obj, path)) {
          continue;
        }
        long rv = rv(obj);
        String uid = obj.path("metadata").path("uid").asText();
        // the mock's watch starts with ADDED events for what exists: drop those the caller has
        if (!"DELETED".equals(type) && rv >= 0 && (sent.getOrDefault(uid, -1L) >= rv || rv <= floor)) {
          continue;
        }
        if (sent.getOrDefault(uid, 0L) == GONE) {
          continue; // its DELETED was replayed from its tombstone: what the mock still reports of it is older
        }
        sent.put(uid, rv);
        lastRv = Math.max(lastRv, rv);
        write(out, type, obj, info, opts);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the caller went away: end the watch quietly
    } finally {
      ws.abort();
    }
  }

  private long replay(OutputStream out, ApiPath path, ResourceInfo info, Options opts, Map<String, Long> sent)
      throws IOException {
    tombstones.replays().lock();
    try {
      return replayLocked(out, path, info, opts, sent);
    } finally {
      tombstones.replays().unlock();
    }
  }

  private long replayLocked(OutputStream out, ApiPath path, ResourceInfo info, Options opts, Map<String, Long> sent)
      throws IOException {
    JsonNode list = backend.getJson(path.collectionPath());
    long listRv = list == null ? 0 : parseRv(list.path("metadata").path("resourceVersion").asText(""));
    String requested = opts.resourceVersion();
    boolean all = opts.sendInitialEvents() || requested.isEmpty() || "0".equals(requested);
    long since = all ? -1 : parseRv(requested);
    if (list != null) {
      for (JsonNode obj : list.path("items")) {
        if (!opts.accepts(obj, path)) {
          continue;
        }
        long rv = rv(obj);
        if (all || rv > since) {
          sent.put(obj.path("metadata").path("uid").asText(), rv);
          write(out, all ? "ADDED" : "MODIFIED", obj, info, opts);
        }
      }
    }
    if (!all && since >= 0) {
      for (Tombstones.Tombstone t : tombstones.since(path, since)) {
        if (opts.accepts(t.object(), path)) {
          sent.put(t.object().path("metadata").path("uid").asText(), GONE);
          write(out, "DELETED", t.object(), info, opts);
        }
      }
    }
    if (opts.sendInitialEvents() && opts.bookmarks()) {
      write(out, "BOOKMARK", bookmark(info, listRv, true), info, opts);
    }
    return listRv;
  }

  private void write(OutputStream out, String type, JsonNode obj, ResourceInfo info, Options opts) throws IOException {
    ObjectNode event = mapper.createObjectNode();
    event.put("type", type);
    if (opts.table() && !"BOOKMARK".equals(type)) {
      event.set("object", tables.render(info, List.of(obj), opts.include(),
          obj.path("metadata").path("resourceVersion").asText(null), Instant.now()));
    } else {
      event.set("object", obj);
    }
    // ASCII only on the wire: the fabric8 client decodes a watch stream chunk by chunk, so a UTF-8 character
    // split between two chunks would break its parser; \\u escapes are the same JSON
    out.write(mapper.writer().with(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII)
        .writeValueAsBytes(event));
    out.write('\n');
    out.flush();
  }

  private ObjectNode bookmark(ResourceInfo info, long rv, boolean initialEventsEnd) {
    ObjectNode o = mapper.createObjectNode();
    o.put("kind", info.kind());
    o.put("apiVersion", info.groupVersion());
    ObjectNode meta = o.putObject("metadata");
    meta.put("resourceVersion", Long.toString(rv));
    if (initialEventsEnd) {
      meta.putObject("annotations").put("k8s.io/initial-events-end", "true");
    }
    return o;
  }

  private static long rv(JsonNode obj) {
    return parseRv(obj.path("metadata").path("resourceVersion").asText(""));
  }

  private static long parseRv(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reassembles the mock's WebSocket text frames into whole events. */
  private static final class Collector implements WebSocket.Listener {
    private final BlockingQueue<String> queue;
    private final StringBuilder partial = new StringBuilder();
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    Collector(BlockingQueue<String> queue) {
      this.queue = queue;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        queue.offer(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    /** Binary frames are decoded whole: a UTF-8 character may be split across fragments. */
    @Override
    public CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      bytes.writeBytes(chunk);
      if (last) {
        queue.offer(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      queue.offer(END);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      queue.offer(END);
    }
  }
}
