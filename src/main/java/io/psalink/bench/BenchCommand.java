package io.psalink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.psalink.reconciler.Durations;
import io.psalink.reconciler.OperatorRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench}: runs the sandbox machinery headless (mock Kubernetes API, Halo simulator, the operator) with N links
 * over T tenants at a simulated RTT, prints a table, writes JSON, and says MET or MISSED for each target of the
 * performance issue. Exit code 0 when the run completed, whatever the targets; 1 when it could not run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measures time to Ready, Halo and Kubernetes API cost and memory on simulated tenants.",
        "Presets: single (1 link), 1k (1,000 links / 100 tenants), 10k (10,000 / 1,000, operator -Xmx512m),",
        "shared-tenant (100 links on one tenant under Halo's rate limit). Options after a preset override it."})
public final class BenchCommand implements Callable<Integer> {

  @Option(names = "--preset", description = "single, 1k, 10k or shared-tenant")
  String preset;

  @Option(names = {"-n", "--links"}, description = "links to apply (default 1)")
  Integer links;

  @Option(names = {"-t", "--tenants"}, description = "simulated tenants, links spread round robin (default 1)")
  Integer tenants;

  @Option(names = {"-r", "--rtt"}, description = "simulated round-trip time of each Halo request (default 50ms)")
  String rtt;

  @Option(names = "--probes", description = "parallel, sequential, or both (the sequential baseline too, and the ratio; default both)")
  String probes;

  @Option(names = "--reconcile-threads", description = "JOSDK reconcile threads (default: the operator's default)")
  Integer reconcileThreads;

  @Option(names = "--verify-interval", description = "the operator's verify interval, i.e. the steady-state period (default 15s)")
  String verifyInterval;

  @Option(names = "--steady", description = "how long to observe the steady state once all links are Ready (default 2 verify intervals)")
  String steady;

  @Option(names = "--token-lifetime", description = "lifetime of the simulated tenants' tokens (default: the steady window)")
  String tokenLifetime;

  @Option(names = "--halo-rate-limit", description = "the simulated Halo's per-tenant limit, N/duration, e.g. 500/5m (default none)")
  String haloRateLimit;

  @Option(names = "--budget", description = "the operator's request budget per Halo instance, N/duration (default"
      + " 250 per 5 minutes scaled like the verify interval against its default of 10m: 250/7500ms for 15s)")
  String budget;

  @Option(names = "--webhooks", description = "webhooks per link (default 1)")
  Integer webhooks;

  @Option(names = "--warmup", description = "links on separate tenants made Ready first, so the JIT has compiled the hot paths as in a long-running operator; 0 for none (default 100)")
  Integer warmup;

  @Option(names = "--in-process", negatable = false, description = "run the operator in this JVM (its figures then include the simulator and mock API)")
  boolean inProcess;

  @Option(names = "--operator-jvm", description = "options of the operator's JVM, space separated (default: none; 10k: -Xmx512m)")
  String operatorJvm;

  @Option(names = "--ready-timeout", description = "how long to wait for every link to be Ready (default 10m)")
  String readyTimeout;

  @Option(names = {"-o", "--json"}, description = "where to write the JSON (default target/bench/bench.json)")
  Path json;

  private PrintWriter out = new PrintWriter(System.out, true);

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }

  /** For tests: where the table goes. */
  BenchCommand printingTo(PrintWriter out) {
    this.out = out;
    return this;
  }

  @Override
  public Integer call() throws Exception {
    BenchConfig config = config();
    String mode = probes == null ? "both" : probes.strip().toLowerCase();
    List<BenchConfig> runs = switch (mode) {
      case "parallel" -> List.of(config.withParallelProbes(true));
      case "sequential" -> List.of(config.withParallelProbes(false));
      case "both" -> List.of(config.withParallelProbes(true), config.withParallelProbes(false));
      default -> throw new CommandLine.ParameterException(new CommandLine(this), "--probes: parallel, sequential or both");
    };
    List<BenchResult> results = new ArrayList<>();
    for (BenchConfig run : runs) {
      BenchResult r = new Bench(run, line -> out.println("# " + line)).run();
      results.add(r);
      Table.print(out, r);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("command", "bench " + String.join(" ", commandLine()));
    doc.put("runs", results);
    if (results.size() == 2) {
      Map<String, Double> ratio = Table.ratios(results.get(1), results.get(0));
      doc.put("sequentialOverParallel", ratio);
      Table.printRatios(out, ratio);
    }
    Path file = json != null ? json : Path.of("target", "bench", "bench.json");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    out.println("JSON written to " + file);
    out.flush();
    return 0;
  }

  private List<String> commandLine() {
    List<String> args = new ArrayList<>();
    CommandLine.Model.CommandSpec spec = new CommandLine(this).getCommandSpec();
    for (var o : spec.options()) {
      Object v = o.getValue();
      if (v != null && !(v instanceof Boolean b && !b) && !o.usageHelp() && !o.versionHelp()) {
        args.add(o.longestName() + (v instanceof Boolean ? "" : "=" + v));
      }
    }
    return args;
  }

  BenchConfig config() {
    int n = 1;
    int t = 1;
    String verify = "15s";
    String jvm = "";
    Integer haloLimit = null;
    if (preset != null) {
      switch (preset.strip().toLowerCase()) {
        case "single" -> { }
        case "1k" -> { n = 1000; t = 100; }
        case "10k" -> { n = 10_000; t = 1000; verify = "120s"; jvm = "-Xmx512m"; }
        case "shared-tenant" -> { n = 100; t = 1; haloLimit = 500; }
        default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown preset " + preset);
      }
    }
    n = links != null ? links : n;
    t = tenants != null ? tenants : Math.min(t, n);
    Duration verifyEvery = Durations.parse(verifyInterval != null ? verifyInterval : verify);
    Duration steadyFor = steady != null ? Durations.parse(steady) : verifyEvery.multipliedBy(2);
    Duration lifetime = tokenLifetime != null ? Durations.parse(tokenLifetime) : steadyFor;
    // time is scaled: the verify interval stands for the default 10m, and so do the budget's and Halo's windows
    Duration scaledFiveMinutes = verifyEvery.dividedBy(2);
    BenchConfig.RateLimit simulatedHaloLimit = haloRateLimit != null ? BenchConfig.RateLimit.parse(haloRateLimit)
        : haloLimit == null ? null : new BenchConfig.RateLimit(haloLimit, scaledFiveMinutes);
    BenchConfig.RateLimit operatorBudget = budget != null ? BenchConfig.RateLimit.parse(budget)
        : new BenchConfig.RateLimit(io.psalink.halo.RateBudget.DEFAULT_REQUESTS, scaledFiveMinutes);
    String jvmOptions = operatorJvm != null ? operatorJvm : jvm;
    return new BenchConfig(n, t, Durations.parse(rtt != null ? rtt : "50ms"), true,
        reconcileThreads != null ? reconcileThreads : OperatorRuntime.Settings.defaults().reconcileThreads(),
        verifyEvery, steadyFor, lifetime, simulatedHaloLimit, operatorBudget,
        webhooks != null ? webhooks : 1, warmup != null ? warmup : 100, !inProcess,
        Arrays.stream(jvmOptions.strip().split("\\s+")).filter(s -> !s.isBlank()).toList(),
        Durations.parse(readyTimeout != null ? readyTimeout : "10m"), Path.of("target", "bench"));
  }
}
