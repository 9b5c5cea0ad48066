package io.psalink.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One bench run.
 *
 * @param links HaloLinks to apply
 * @param tenants simulated Halo tenants the links are spread over (round robin); each has one Secret
 * @param rtt the simulated round-trip time of every Halo request
 * @param parallelProbes the operator's probe parallelism (false: the sequential baseline)
 * @param reconcileThreads the operator's JOSDK reconcile threads
 * @param verifyInterval the operator's default verify interval (the links set none), i.e. the steady-state period
 * @param steadyWindow how long the steady state is observed after every link is Ready
 * @param tokenLifetime the lifetime of the tokens the simulated tenants hand out
 * @param haloRateLimit the simulated Halo's per-tenant limit, null for none
 * @param operatorBudget the operator's own per-instance request budget ({@code RateBudget})
 * @param webhooksPerLink webhooks each link asks for
 * @param warmup links on separate tenants made Ready before the measured links are applied (0: none)
 * @param forkOperator whether the operator runs in a JVM of its own (measured alone)
 * @param operatorJvmOptions options of that JVM, e.g. {@code -Xmx512m}
 * @param readyTimeout how long to wait for every link to be Ready
 * @param workDir where the operator's log goes
 */
public record BenchConfig(int links, int tenants, Duration rtt, boolean parallelProbes, int reconcileThreads,
    Duration verifyInterval, Duration steadyWindow, Duration tokenLifetime, RateLimit haloRateLimit,
    RateLimit operatorBudget, int webhooksPerLink, int warmup, boolean forkOperator, List<String> operatorJvmOptions,
    Duration readyTimeout, Path workDir) {

  public BenchConfig {
    if (links < 1 || tenants < 1 || tenants > links) {
      throw new IllegalArgumentException("need 1 <= tenants <= links");
    }
    operatorJvmOptions = List.copyOf(operatorJvmOptions);
  }

  public BenchConfig withParallelProbes(boolean on) {
    return new BenchConfig(links, tenants, rtt, on, reconcileThreads, verifyInterval, steadyWindow, tokenLifetime,
        haloRateLimit, operatorBudget, webhooksPerLink, warmup, forkOperator, operatorJvmOptions, readyTimeout, workDir);
  }

  /** A rolling-window limit: at most {@code requests} in any {@code window}. */
  public record RateLimit(int requests, Duration window) {
    /** {@code 500/5m}, {@code 100/60s}. */
    public static RateLimit parse(String text) {
      String[] parts = text.strip().split("/");
      if (parts.length != 2) {
        throw new IllegalArgumentException("rate limit as N/duration, e.g. 500/5m: " + text);
      }
      return new RateLimit(Integer.parseInt(parts[0].strip()), io.psalink.reconciler.Durations.parse(parts[1].strip()));
    }

    @Override
    public String toString() {
      return requests + "/" + (window.toMillis() % 1000 == 0 ? window.toSeconds() + "s" : window.toMillis() + "ms");
    }
  }
}
