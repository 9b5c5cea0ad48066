package io.psalink.halo;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

/** Concurrent callers for the same key share one execution and its outcome. */
final class SingleFlight<K, V> {

  private final ConcurrentHashMap<K, CompletableFuture<V>> inFlight = new ConcurrentHashMap<>();

  V run(K key, HaloCall<V> call) throws HaloException {
    CompletableFuture<V> mine = new CompletableFuture<>();
    CompletableFuture<V> theirs = inFlight.putIfAbsent(key, mine);
    if (theirs != null) {
      return await(theirs);
    }
    try {
      V value = call.call();
      mine.complete(value);
      return value;
    } catch (HaloException | RuntimeException | Error e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(key, mine);
    }
  }

  private static <V> V await(CompletableFuture<V> future) throws HaloException {
    try {
      // the leader's call is bounded by the HTTP client's call timeout
      return future.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HaloException h) {
        throw new HaloException(h.failure(), h.getCause());
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
