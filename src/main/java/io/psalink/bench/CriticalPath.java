package io.psalink.bench;

import io.psalink.sandbox.halo.RecordedRequest;
import java.time.Duration;
import java.util.List;

/** Counts sequential Halo round trips in a request log. */
final class CriticalPath {
  private CriticalPath() {}

  /**
   * The longest chain of requests in which each one arrived after the one before was answered. Every simulated
   * answer takes at least the RTT, so a request that arrived at least half an RTT after another one could have
   * waited for it; requests closer together were in flight side by side.
   */
  static int roundTrips(List<RecordedRequest> requests, Duration rtt) {
    List<RecordedRequest> sorted = requests.stream().sorted(java.util.Comparator.comparing(RecordedRequest::time)).toList();
    long half = rtt.toNanos() / 2;
    int[] depth = new int[sorted.size()];
    int best = 0;
    for (int j = 0; j < sorted.size(); j++) {
      depth[j] = 1;
      for (int i = 0; i < j; i++) {
        if (Duration.between(sorted.get(i).time(), sorted.get(j).time()).toNanos() >= half) {
          depth[j] = Math.max(depth[j], depth[i] + 1);
        }
      }
      best = Math.max(best, depth[j]);
    }
    return best;
  }

  /**
   * The fewest sequential round trips the design needs for a new link: discovery, then the token, then agent,
   * permission probes and webhook list side by side, then the webhook writes (one round if written side by side).
   */
  static int floorRoundTrips(int webhooks) {
    return 2 + 1 + (webhooks > 0 ? 1 : 0);
  }
}
