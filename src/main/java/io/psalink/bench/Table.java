package io.psalink.bench;

import static io.psalink.bench.Targets.f;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** The human half of a bench's output: one table per run, the targets, and the sequential/parallel ratios. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, BenchResult r) {
    var s = r.settings();
    var t = r.readyTime();
    var h = r.halo();
    var k = r.kubernetes();
    var op = r.process().operator();
    var bench = r.process().bench();
    out.println();
    out.printf("== %d links over %d tenants, RTT %s ms, probes %s, %d reconcile threads, verify every %s s ==%n",
        s.links(), s.tenants(), f(s.rttMs()), s.parallelProbes() ? "parallel" : "sequential", s.reconcileThreads(),
        f(s.verifyIntervalS()));
    row(out, "Ready", t.ready() + " of " + t.links());
    row(out, "apply to Ready per link (ms)", "p50 " + f(t.p50Ms()) + "  p95 " + f(t.p95Ms()) + "  max " + f(t.maxMs()));
    row(out, "all links: first apply to last Ready", f(t.allMs()) + " ms (applying took " + f(t.applyAllMs()) + " ms)");
    row(out, "create call per link (ms)", "p50 " + f(t.applyCallP50Ms()) + "  max " + f(t.applyCallMaxMs()));
    if (t.coldFirstLinkMs() >= 0) {
      row(out, "warm-up link (first after start)", f(t.coldFirstLinkMs()) + " ms");
    }
    var cp = r.criticalPath();
    if (cp != null) {
      row(out, "critical path (" + cp.measuredOn() + ")", cp.roundTrips() + " round trips; floor " + cp.floorRoundTrips()
          + " x " + f(s.rttMs()) + " ms = " + f(cp.floorMs()) + " ms");
      if (cp.singleLinkMs() >= 0) {
        row(out, "single link / floor", f(cp.singleLinkMs()) + " ms / " + f(cp.floorMs()) + " ms = " + f(cp.ratioToFloor()));
        row(out, "  apply to first Halo request", f(cp.applyToFirstRequestMs()) + " ms");
        row(out, "  last Halo answer to Ready seen", f(cp.lastAnswerToReadyMs()) + " ms");
      }
    }
    row(out, "Halo requests per link to Ready", f(h.requestsPerLinkToReady()) + " (" + h.requestsToReady() + " total, "
        + h.tokenRequestsToReady() + " token" + (h.rampIncludesRechecks() ? "; ramp outlasted the interval: upper bound" : "") + ")");
    row(out, "Halo requests per link per interval", f(h.steadyRequestsPerLinkPerInterval()) + " steady ("
        + f(h.steadyRequestsPerPass()) + " per pass, probes per pass " + h.probesPerPass() + ")");
    row(out, "token requests per tenant per lifetime", f(h.steadyTokenRequestsPerTenantPerLifetime()) + " steady (max "
        + h.steadyMaxTokenRequestsOneTenant() + " for one tenant in the window, allowed " + h.tokenRequestsAllowedPerTenant() + ")");
    if (h.maxRequestsInRateWindow() >= 0) {
      row(out, "budget " + s.operatorBudget() + (s.haloRateLimit() == null ? "" : ", Halo limit " + s.haloRateLimit()),
          h.maxRequestsInRateWindow() + " max per tenant in any budget window, " + h.rateLimited() + " x 429");
    }
    row(out, "Kubernetes writes per link to Ready", f(k.writesPerLinkToReady()) + " " + k.writesToReadyByKind());
    row(out, "Kubernetes writes / events, steady", k.steadyWrites() + " / " + k.steadyEvents());
    String who = s.operatorInOwnJvm() ? "operator JVM " + s.operatorJvmOptions() : "whole JVM (operator + simulator + mock API)";
    row(out, "peak heap (" + who + ")", f(op.peakHeapMiB()) + " MiB (live after GC " + f(op.liveHeapAfterGcMiB())
        + ", max " + f(op.maxHeapMiB()) + ")");
    row(out, "peak RSS (" + who + ")", f(op.peakRssMiB()) + " MiB");
    row(out, "CPU seconds (" + who + ")", f(op.cpuSecondsToReady()) + " to Ready, " + f(op.cpuSecondsSteady())
        + " steady, " + f(op.cpuSecondsTotal()) + " total");
    if (s.operatorInOwnJvm()) {
      row(out, "bench JVM (simulator + mock API)", "peak heap " + f(bench.peakHeapMiB()) + " MiB, RSS "
          + f(bench.peakRssMiB()) + " MiB, CPU " + f(bench.cpuSecondsToReady()) + " s to Ready");
    }
    out.println("-- targets");
    for (var target : r.targets()) {
      out.printf("  %-7s %s: %s (target %s)%n", target.met() == null ? "N/A" : target.met() ? "MET" : "MISSED",
          target.name(), target.measured(), target.limit());
    }
    out.flush();
  }

  /** Sequential over parallel for the figures that probe parallelism should change. */
  static Map<String, Double> ratios(BenchResult sequential, BenchResult parallel) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("readyP50", ratio(sequential.readyTime().p50Ms(), parallel.readyTime().p50Ms()));
    m.put("readyP95", ratio(sequential.readyTime().p95Ms(), parallel.readyTime().p95Ms()));
    m.put("readyMax", ratio(sequential.readyTime().maxMs(), parallel.readyTime().maxMs()));
    m.put("readyAll", ratio(sequential.readyTime().allMs(), parallel.readyTime().allMs()));
    if (sequential.criticalPath() != null && parallel.criticalPath() != null) {
      m.put("criticalPathRoundTrips", ratio(sequential.criticalPath().roundTrips(), parallel.criticalPath().roundTrips()));
      if (sequential.criticalPath().singleLinkMs() > 0) {
        m.put("singleLink", ratio(sequential.criticalPath().singleLinkMs(), parallel.criticalPath().singleLinkMs()));
      }
    }
    m.put("haloRequestsPerLinkToReady", ratio(sequential.halo().requestsPerLinkToReady(), parallel.halo().requestsPerLinkToReady()));
    m.put("operatorCpuToReady", ratio(sequential.process().operator().cpuSecondsToReady(),
        parallel.process().operator().cpuSecondsToReady()));
    m.put("operatorPeakHeap", ratio(sequential.process().operator().peakHeapMiB(), parallel.process().operator().peakHeapMiB()));
    return m;
  }

  static void printRatios(PrintWriter out, Map<String, Double> ratios) {
    out.println();
    out.println("== sequential baseline / parallel ==");
    ratios.forEach((k, v) -> row(out, k, f(v)));
    out.flush();
  }

  private static double ratio(double a, double b) {
    return b <= 0 ? -1 : Bench.round(a / b);
  }

  private static void row(PrintWriter out, String name, String value) {
    out.printf("  %-44s %s%n", name, value);
  }
}
