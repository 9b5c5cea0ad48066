package io.psalink.bench;

import java.util.ArrayList;
import java.util.List;

/** The targets, judged against one run; a target applies only to the run shape it names. */
final class Targets {
  static final double SINGLE_LINK_FACTOR = 1.3;
  static final double HEAP_LIMIT_MIB = 512;

  private Targets() {}

  static List<BenchResult.Target> evaluate(BenchResult r) {
    List<BenchResult.Target> out = new ArrayList<>();
    var s = r.settings();
    var ready = r.readyTime();
    boolean rtt50 = s.rttMs() == 50;
    out.add(new BenchResult.Target("every link Ready", ready.ready() + " of " + ready.links(), "all",
        ready.ready() == ready.links()));
    if (s.links() == 1 && r.criticalPath() != null) {
      var cp = r.criticalPath();
      double limit = SINGLE_LINK_FACTOR * cp.floorMs();
      out.add(new BenchResult.Target("one link Ready within 1.3 x floor" + (rtt50 ? "" : " (target is for RTT 50 ms)"),
          f(cp.singleLinkMs()) + " ms = " + f(cp.ratioToFloor()) + " x floor",
          f(limit) + " ms (" + cp.floorRoundTrips() + " x " + f(s.rttMs()) + " ms x 1.3)",
          cp.singleLinkMs() >= 0 && cp.singleLinkMs() <= limit));
    }
    if (s.links() == 1000 && s.tenants() == 100 && rtt50) {
      out.add(allReadyWithin(ready, 15_000));
    }
    if (s.links() == 10_000 && s.tenants() == 1000 && rtt50) {
      out.add(allReadyWithin(ready, 120_000));
      var op = r.process().operator();
      out.add(new BenchResult.Target("heap under 512 MiB" + (s.operatorInOwnJvm() ? " (operator JVM)" : " (whole bench JVM)"),
          f(op.peakHeapMiB()) + " MiB peak, " + f(op.liveHeapAfterGcMiB()) + " MiB live after GC",
          "< " + f(HEAP_LIMIT_MIB) + " MiB", op.peakHeapMiB() < HEAP_LIMIT_MIB));
    }
    var k = r.kubernetes();
    var h = r.halo();
    out.add(new BenchResult.Target("steady state: zero Kubernetes writes", String.valueOf(k.steadyWrites()), "0",
        k.steadyWrites() == 0));
    out.add(new BenchResult.Target("steady state: zero events", String.valueOf(k.steadyEvents()), "0",
        k.steadyEvents() == 0));
    out.add(new BenchResult.Target("steady state: at most one token per tenant per token lifetime",
        h.steadyMaxTokenRequestsOneTenant() + " max per tenant in " + f(s.steadyWindowS()) + " s ("
            + f(h.steadyTokenRequestsPerTenantPerLifetime()) + " per tenant per lifetime on average)",
        "<= " + h.tokenRequestsAllowedPerTenant() + " (one per lifetime less the refresh margin)",
        h.steadyMaxTokenRequestsOneTenant() <= h.tokenRequestsAllowedPerTenant()));
    out.add(new BenchResult.Target("steady state: Halo requests per link per interval <= the probes",
        f(h.steadyRequestsPerPass()) + " per pass, " + f(h.steadyPassesPerLinkPerInterval()) + " passes per link per"
            + " interval (" + f(h.steadyRequestsPerLinkPerInterval()) + " per link per interval)",
        "<= " + h.probesPerPass() + " per pass (token requests: their own target)", h.steadyPasses() > 0 && h.steadyRequestsPerPass() <= h.probesPerPass()));
    int budget = Integer.parseInt(s.operatorBudget().split("/")[0]);
    out.add(new BenchResult.Target("never over the per-tenant rate budget (" + s.operatorBudget()
        + (s.haloRateLimit() == null ? "" : "; Halo's limit " + s.haloRateLimit()) + ")",
        h.maxRequestsInRateWindow() + " max in a window, " + h.rateLimited() + " answered 429",
        "<= " + budget + ", no 429", h.rateLimited() == 0 && h.maxRequestsInRateWindow() <= budget));
    return out;
  }

  private static BenchResult.Target allReadyWithin(BenchResult.ReadyTimes ready, double limitMs) {
    boolean all = ready.ready() == ready.links();
    return new BenchResult.Target("all " + ready.links() + " links Ready within " + f(limitMs / 1000) + " s",
        all ? f(ready.allMs() / 1000) + " s" : "only " + ready.ready() + " Ready", "<= " + f(limitMs / 1000) + " s",
        all && ready.allMs() <= limitMs);
  }

  static String f(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format("%.2f", v);
  }
}
