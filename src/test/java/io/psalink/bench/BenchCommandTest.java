package io.psalink.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A small run end to end: every figure the issue asks for is in the JSON, with sane values. No timing asserts. */
class BenchCommandTest {

  @Test
  void presetsScaleTheBudgetAndHalosLimitWithTheVerifyInterval() {
    BenchConfig shared = config("--preset", "shared-tenant");
    assertThat(shared.operatorBudget()).isEqualTo(new BenchConfig.RateLimit(250, java.time.Duration.ofMillis(7500)));
    assertThat(shared.haloRateLimit()).isEqualTo(new BenchConfig.RateLimit(500, java.time.Duration.ofMillis(7500)));
    BenchConfig tenK = config("--preset", "10k");
    assertThat(tenK.operatorBudget()).isEqualTo(new BenchConfig.RateLimit(250, java.time.Duration.ofSeconds(60)));
    assertThat(tenK.haloRateLimit()).isNull();
    assertThat(config("--preset", "1k", "--budget", "100/1m").operatorBudget())
        .isEqualTo(new BenchConfig.RateLimit(100, java.time.Duration.ofMinutes(1)));
  }

  private static BenchConfig config(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void smallRunWritesEveryFigureAndTheSequentialBaseline(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    StringWriter table = new StringWriter();
    int exit = new CommandLine(new BenchCommand().printingTo(new PrintWriter(table, true))).execute(
        "--links", "5", "--tenants", "2", "--rtt", "5ms", "--verify-interval", "1s", "--steady", "2500ms",
        "--warmup", "2", "--in-process", "--probes", "both", "--json", json.toString());

    assertThat(exit).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.toFile());
    assertThat(doc.path("runs")).hasSize(2);
    JsonNode parallel = doc.path("runs").get(0);
    JsonNode sequential = doc.path("runs").get(1);
    assertThat(parallel.at("/settings/parallelProbes").asBoolean()).isTrue();
    assertThat(sequential.at("/settings/parallelProbes").asBoolean()).isFalse();

    for (JsonNode run : List.of(parallel, sequential)) {
      JsonNode ready = run.path("readyTime");
      assertThat(ready.path("ready").asInt()).isEqualTo(5);
      for (String f : List.of("p50Ms", "p95Ms", "maxMs", "allMs")) {
        assertThat(ready.path(f).asDouble()).as(f).isPositive();
      }
      assertThat(ready.path("p50Ms").asDouble()).isLessThanOrEqualTo(ready.path("p95Ms").asDouble());
      assertThat(ready.path("p95Ms").asDouble()).isLessThanOrEqualTo(ready.path("maxMs").asDouble());

      JsonNode halo = run.path("halo");
      // discovery + token once per tenant, then agent, 5 probes, webhook list and one webhook write per link
      assertThat(halo.path("requestsToReady").asLong()).isBetween(5L * 8, 5L * 8 + 2 * 2 + 5L * 8);
      assertThat(halo.path("probesPerPass").asInt()).isEqualTo(7);
      assertThat(halo.path("steadyPasses").asLong()).isPositive();
      assertThat(halo.path("steadyRequestsPerPass").asDouble()).isLessThanOrEqualTo(7);
      assertThat(halo.has("steadyRequestsPerLinkPerInterval")).isTrue();
      assertThat(halo.has("steadyTokenRequestsPerTenantPerLifetime")).isTrue();
      assertThat(halo.path("tokenRequestsToReady").asLong()).isEqualTo(2);

      JsonNode kube = run.path("kubernetes");
      assertThat(kube.path("writesPerLinkToReady").asDouble()).isBetween(2.0, 4.0);
      assertThat(kube.path("eventsToReady").asLong()).isEqualTo(5);
      assertThat(kube.path("steadyWrites").asLong()).isZero();
      assertThat(kube.path("steadyEvents").asLong()).isZero();

      JsonNode op = run.at("/process/operator");
      assertThat(op.path("peakHeapMiB").asDouble()).isPositive();
      assertThat(op.path("liveHeapAfterGcMiB").asDouble()).isPositive();
      assertThat(op.path("peakRssMiB").asDouble()).isPositive();
      assertThat(op.path("cpuSecondsTotal").asDouble()).isPositive();

      JsonNode path = run.path("criticalPath");
      assertThat(path.path("floorRoundTrips").asInt()).isEqualTo(4);
      assertThat(path.path("floorMs").asDouble()).isEqualTo(20.0);
      assertThat(run.path("targets").size()).isGreaterThanOrEqualTo(5);
    }
    // parallel: discovery, token, one round of agent + probes + list, the write; sequential: one per call
    assertThat(parallel.at("/criticalPath/roundTrips").asInt()).isLessThan(sequential.at("/criticalPath/roundTrips").asInt());
    assertThat(doc.path("sequentialOverParallel").has("readyP50")).isTrue();
    assertThat(table.toString()).contains("targets", "sequential baseline / parallel");
  }
}
