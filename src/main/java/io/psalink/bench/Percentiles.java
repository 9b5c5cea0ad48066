package io.psalink.bench;

import java.util.Arrays;

/**
 * Exact nearest-rank percentiles of a sorted copy. At most a few tens of thousands of samples per run, so sorting
 * costs nothing and, unlike a histogram (HdrHistogram), there is no bucket error to explain.
 */
final class Percentiles {
  private Percentiles() {}

  /** The {@code p}th percentile (0 = min, 100 = max) by nearest rank; 0 for no samples. */
  static long of(long[] samples, double p) {
    if (samples.length == 0) {
      return 0;
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    if (p <= 0) {
      return sorted[0];
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
  }
}
