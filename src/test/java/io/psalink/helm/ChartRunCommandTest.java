package io.psalink.helm;

import static io.psalink.helm.RenderedChart.NAMESPACE;
import static io.psalink.helm.RenderedChart.render;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.psalink.cli.RunCommandTestEnv;
import io.psalink.ops.OpsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Deployment configures exactly what {@code run} accepts: every environment variable the container
 * gets is one {@code run} reads (or the JVM's), every value the chart can render passes {@code run}'s own
 * parsing and validation, and ports and probes meet what {@code run} serves.
 */
class ChartRunCommandTest {
  /** Read by the JVM, not by {@code run}. */
  static final Set<String> JVM_ENV = Set.of("JAVA_TOOL_OPTIONS");

  /** What the downward API would put into the fields the chart refers to. */
  static final Map<String, String> DOWNWARD_API = Map.of("metadata.name", "plo-psa-link-operator-5d8f7-abcde",
      "metadata.namespace", NAMESPACE);

  @Test
  void defaultsResolveToRunsOwnDefaultsWithTheLeaseBesideTheRelease() {
    RunCommandTestEnv.Resolved run = resolve(render(""));
    assertThat(run).isEqualTo(new RunCommandTestEnv.Resolved("", true, NAMESPACE,
        DOWNWARD_API.get("metadata.name"), "10m", 50, "text", 8080, 250, "5m"));
  }

  @Test
  void everyValueTheChartPassesReachesRun() {
    RenderedChart chart = render("""
        watchNamespaces: [a, b]
        leaderElection: {enabled: false}
        verifyInterval: 90s
        reconcileThreads: 4
        logFormat: json
        opsPort: 9443
        haloRateLimit: {requests: 120, window: 2m}
        """);
    assertThat(resolve(chart)).isEqualTo(new RunCommandTestEnv.Resolved("a,b", false, NAMESPACE,
        DOWNWARD_API.get("metadata.name"), "90s", 4, "json", 9443, 120, "2m"));
    // and none of run's settings is out of the chart's reach
    Set<String> set = new java.util.TreeSet<>(chart.env().keySet());
    assertThat(set).containsAll(RunCommandTestEnv.envOptions().keySet());
  }

  @Test
  void containerRunsTheRunCommandOnThePortItServesAndProbesItsPaths() throws Exception {
    RenderedChart chart = render("opsPort: 9443\n");
    JsonNode container = chart.container();
    List<String> args = texts(container.path("args"));
    assertThat(args).as("container args").isNotEmpty();
    assertThat(RunCommandTestEnv.commands()).contains(args.get(0));
    assertThat(args.get(0)).isEqualTo("run");
    assertThat(container.has("command")).as("the image's ENTRYPOINT (java -jar) is kept").isFalse();

    int servedOn = resolve(chart).opsPort();
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(servedOn);
    String portName = container.at("/ports/0/name").asText();
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.at("/" + probe + "/httpGet/port").asText()).as(probe).isEqualTo(portName);
      assertThat(container.at("/" + probe + "/httpGet/path").asText()).as(probe)
          .isIn(OpsServer.HEALTHZ, OpsServer.READYZ);
    }
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(OpsServer.READYZ);
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(OpsServer.HEALTHZ);

    // the image: java -jar on the shaded jar, run by default, exposing run's default port
    List<String> dockerfile = Files.readAllLines(Path.of("Dockerfile"));
    assertThat(dockerfile).anyMatch(l -> l.startsWith("ENTRYPOINT [\"java\", \"-jar\", \"/app/psa-link-operator.jar\"]"));
    assertThat(dockerfile).contains("CMD [\"run\"]");
    int defaultPort = RunCommandTestEnv.resolve(Map.of(), "run").opsPort();
    assertThat(dockerfile).contains("EXPOSE " + defaultPort);
  }

  @Test
  void extraEnvIsTheOnlyWayToPassOtherVariables() {
    RenderedChart chart = render("extraEnv: [{name: HTTPS_PROXY, value: 'http://proxy:3128'}]\n");
    assertThat(chart.env()).containsKey("HTTPS_PROXY");
    // what the chart itself renders is still all known to run
    Map<String, JsonNode> own = new LinkedHashMap<>(chart.env());
    own.remove("HTTPS_PROXY");
    assertOnlyKnownNames(own);
  }

  /** The run command as the container would resolve it, after checking every env name is one it reads. */
  static RunCommandTestEnv.Resolved resolve(RenderedChart chart) {
    Map<String, JsonNode> env = chart.env();
    assertOnlyKnownNames(env);
    Map<String, String> values = new LinkedHashMap<>();
    env.forEach((name, e) -> {
      if (JVM_ENV.contains(name)) {
        return;
      }
      if (e.has("value")) {
        values.put(name, e.path("value").asText());
      } else {
        String field = e.at("/valueFrom/fieldRef/fieldPath").asText();
        assertThat(DOWNWARD_API).as("env %s from the downward API field %s", name, field).containsKey(field);
        values.put(name, DOWNWARD_API.get(field));
      }
    });
    List<String> args = texts(chart.container().path("args"));
    return RunCommandTestEnv.resolve(values, args.toArray(String[]::new));
  }

  static void assertOnlyKnownNames(Map<String, JsonNode> env) {
    Set<String> known = RunCommandTestEnv.envOptions().keySet();
    List<String> unknown = new ArrayList<>();
    for (String name : env.keySet()) {
      if (!known.contains(name) && !JVM_ENV.contains(name)) {
        unknown.add(name);
      }
    }
    assertThat(unknown).as("env names the Deployment sets that run does not read (it reads %s)", known).isEmpty();
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
