package io.psalink.sandbox.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Objects deleted recently, with the resourceVersion of their deletion, so that a watch opened from a
 * resourceVersion at which an object still existed gets its DELETED event even when the deletion happened
 * before the watch was open. The mock's watch only reports what happens while it is open, and older kubectl
 * ({@code delete}'s wait in 1.20) lists, then watches from the list's resourceVersion and would otherwise
 * wait forever for an object that went away in between.
 *
 * <p>The mock does not advance its resourceVersion on a deletion; {@link #record} does (by creating and
 * deleting an object nobody lists), so that a list after the deletion has a newer resourceVersion than the
 * deletion and a watch from it does not replay the deletion.
 */
final class Tombstones {

  private static final Duration KEEP = Duration.ofMinutes(5);
  private static final String CLOCK = "/apis/sandbox.psalink.io/v1/clocks";

  record Tombstone(String collection, String namespace, ObjectNode object, long resourceVersion, long at) {}

  private final MockBackend backend;
  private final ConcurrentLinkedDeque<Tombstone> recent = new ConcurrentLinkedDeque<>();
  private final java.util.concurrent.locks.ReentrantReadWriteLock lock = new java.util.concurrent.locks.ReentrantReadWriteLock();

  /**
   * Held by a write to an existing object until its tombstone, if any, is recorded; so a watch's replay
   * (which holds {@link #replays()}) sees a deletion either in the mock's watch or as a tombstone, never neither.
   */
  java.util.concurrent.locks.Lock writes() {
    return lock.writeLock();
  }

  java.util.concurrent.locks.Lock replays() {
    return lock.readLock();
  }

  Tombstones(MockBackend backend) {
    this.backend = backend;
  }

  /** Records that {@code last} (the object as last seen) at {@code path} is gone. */
  synchronized void record(ApiPath path, JsonNode last) {
    long rv = tick();
    ObjectNode obj = last.deepCopy();
    ((ObjectNode) obj.with("metadata")).put("resourceVersion", Long.toString(rv));
    recent.add(new Tombstone(collectionKey(path), path.namespace(), obj, rv, System.nanoTime()));
    long cutoff = System.nanoTime() - KEEP.toNanos();
    recent.removeIf(t -> t.at() < cutoff);
  }

  /** Deletions in the collection of {@code path} (any namespace when it names none) newer than {@code rv}. */
  List<Tombstone> since(ApiPath path, long rv) {
    List<Tombstone> out = new ArrayList<>();
    for (Tombstone t : recent) {
      if (t.collection().equals(collectionKey(path)) && t.resourceVersion() > rv
          && (path.namespace() == null || path.namespace().equals(t.namespace()))) {
        out.add(t);
      }
    }
    return out;
  }

  private static String collectionKey(ApiPath p) {
    return p.prefix() + "/" + p.resource();
  }

  /** Advances the mock's resourceVersion by one and returns the new value. */
  private long tick() {
    byte[] clock = "{\"apiVersion\":\"sandbox.psalink.io/v1\",\"kind\":\"Clock\",\"metadata\":{\"name\":\"tick\"}}"
        .getBytes(StandardCharsets.UTF_8);
    MockBackend.Response created = backend.send("POST", CLOCK, "application/json", clock);
    backend.send("DELETE", CLOCK + "/tick", null, null);
    String body = new String(created.body(), StandardCharsets.UTF_8);
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"resourceVersion\"\\s*:\\s*\"(\\d+)\"").matcher(body);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
