package io.psalink.bench;

import java.util.List;
import java.util.Map;

/** Everything one run measured; written as JSON as it stands. Times in milliseconds, memory in MiB. */
public record BenchResult(
    Settings settings,
    ReadyTimes readyTime,
    CriticalPath criticalPath,
    Halo halo,
    Kubernetes kubernetes,
    Processes process,
    List<Target> targets) {

  /** The run's configuration as measured: the bench options plus the JVMs'. */
  public record Settings(int links, int tenants, double rttMs, boolean parallelProbes, int reconcileThreads,
      double verifyIntervalS, double steadyWindowS, double tokenLifetimeS, String haloRateLimit, String operatorBudget,
      int webhooksPerLink,
      int warmupLinks, boolean operatorInOwnJvm, List<String> operatorJvmOptions, List<String> benchJvmOptions,
      int availableProcessors) {}

  /**
   * Apply to Ready per link (apply = just before the create call, Ready = the watch event showing Ready=True), and
   * for all links: first apply to last Ready.
   *
   * @param coldFirstLinkMs the warm-up link: the first link after the operator started (class loading, JIT,
   *     first connections), -1 without warm-up
   * @param applyCallP50Ms how long the create call of one link took (the mock API's share of apply-to-Ready)
   */
  public record ReadyTimes(int ready, int links, double p50Ms, double p95Ms, double maxMs, double minMs,
      double allMs, double applyAllMs, double applyCallP50Ms, double applyCallMaxMs, double coldFirstLinkMs) {}

  /**
   * One link alone on its tenant: how many sequential Halo round trips its first pass took, and the floor.
   *
   * @param measuredOn which link: the only link of the run, or the warm-up link
   * @param roundTrips the longest chain of requests each sent after the previous one was answered
   * @param floorRoundTrips discovery, token, then agent + probes + webhook list together, then webhook writes
   * @param floorMs {@code floorRoundTrips} times the RTT
   * @param singleLinkMs that link's apply-to-Ready time
   * @param ratioToFloor {@code singleLinkMs / floorMs}
   * @param applyToFirstRequestMs from the apply to the first Halo request (Kubernetes side: watch, finalizer,
   *     queueing), -1 when not measured
   * @param lastAnswerToReadyMs from the last Halo answer to the bench seeing Ready (status write and watch)
   */
  public record CriticalPath(String measuredOn, int roundTrips, int floorRoundTrips, double floorMs,
      double singleLinkMs, double ratioToFloor, double applyToFirstRequestMs, double lastAnswerToReadyMs,
      List<String> requests) {}

  /**
   * Halo requests as the simulated tenants received them (the measured tenants only, not the warm-up one).
   *
   * @param requestsToReady requests from the first apply until every link was Ready
   * @param rampIncludesRechecks true when the ramp outlasted the verify interval, so some links were checked again
   *     before the last one was Ready and {@code requestsPerLinkToReady} is an upper bound
   * @param probesPerPass the requests a steady pass cannot do without: agent, read-permission probes, webhook list
   * @param steadyRequestsPerLinkPerInterval steady-window requests / links / (window / verify interval)
   * @param steadyPasses verify passes in the steady window (each asks {@code GET /api/Agent/me} once)
   * @param steadyRequestsPerPass steady-window API requests (token requests aside: they are per tenant, judged on
   *     their own) / passes: exact, where the per-interval figure depends on where the window cuts the passes
   * @param steadyPassesPerLinkPerInterval passes / links / (window / verify interval): 1 when links are checked once
   *     per interval
   * @param steadyTokenRequestsPerTenantPerLifetime steady-window token requests / tenants / (window / lifetime)
   * @param steadyMaxTokenRequestsOneTenant the most token requests one tenant saw in the steady window
   * @param tokenRequestsAllowedPerTenant one per refresh period (lifetime less the refresh margin) in the window
   * @param maxRequestsInRateWindow the most requests one tenant saw in any rolling window of the operator's budget,
   *     whole run
   * @param rateLimited 429 answers, whole run
   */
  public record Halo(long requestsToReady, double requestsPerLinkToReady, boolean rampIncludesRechecks,
      Map<String, Long> requestsToReadyByPath, long steadyRequests, int probesPerPass,
      double steadyRequestsPerLinkPerInterval, long steadyPasses, double steadyRequestsPerPass,
      double steadyPassesPerLinkPerInterval, Map<String, Long> steadyRequestsByPath, long tokenRequestsToReady,
      long steadyTokenRequests, double steadyTokenRequestsPerTenantPerLifetime, long steadyMaxTokenRequestsOneTenant,
      long tokenRequestsAllowedPerTenant, int maxRequestsInRateWindow, long rateLimited) {}

  /** Requests of the operator's Kubernetes client. */
  public record Kubernetes(long writesToReady, double writesPerLinkToReady, Map<String, Long> writesToReadyByKind,
      long eventsToReady, long readsToReady, long steadyWrites, Map<String, Long> steadyWritesByKind,
      long steadyEvents, long steadyReads) {}

  /**
   * @param operator the operator's JVM (alone when {@code settings.operatorInOwnJvm}, else the whole bench)
   * @param bench the bench JVM: simulator, mock Kubernetes API and the bench driver (and the operator when not forked)
   */
  public record Processes(Process operator, Process bench) {}

  /** @param cpuSecondsToReady CPU used from first apply to last Ready; {@code cpuSecondsSteady} in the steady window */
  public record Process(double peakHeapMiB, double liveHeapAfterGcMiB, double maxHeapMiB, double peakRssMiB,
      double cpuSecondsTotal, double cpuSecondsToReady, double cpuSecondsSteady) {}

  /** A target the issue sets, with the measured figure; {@code met} null when the run cannot judge it. */
  public record Target(String name, String measured, String limit, Boolean met) {}
}
