package io.psalink.helm;

import static io.psalink.helm.RenderedChart.FULLNAME;
import static io.psalink.helm.RenderedChart.NAMESPACE;
import static io.psalink.helm.RenderedChart.Rule;
import static io.psalink.helm.RenderedChart.render;
import static io.psalink.helm.RenderedChart.rule;
import static io.psalink.helm.RenderedChart.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.psalink.ops.OpsServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class HelmChartTest {
  /** What the operator needs on HaloLinks, their Secrets and events: nothing more. */
  static final Set<Rule> WATCH_RULES =
      Set.of(
          Rule.of(List.of("psalink.io"), "halolinks", List.of("get", "list", "watch", "patch", "update")),
          Rule.of(List.of("psalink.io"), "halolinks/status", List.of("get", "patch", "update")),
          Rule.of(List.of("psalink.io"), "halolinks/finalizers", List.of("update")),
          Rule.of(List.of(""), "secrets", List.of("get", "list", "watch")),
          Rule.of(List.of("", "events.k8s.io"), "events", List.of("create", "patch")));

  /**
   * Leader election: create (which RBAC cannot limit by name), and get/update of the operator's own
   * Lease only. JOSDK's start-up check adds up the verbs of every rule that matches the lease name.
   */
  static final Set<Rule> LEASE_RULES =
      Set.of(
          Rule.of(List.of("coordination.k8s.io"), "leases", List.of("create")),
          new Rule(List.of("coordination.k8s.io"), List.of("leases"), List.of("get", "update"), List.of("psa-link-operator")));

  static final Set<String> WRITE_VERBS =
      Set.of("create", "update", "patch", "delete", "deletecollection", "*");

  @Test
  void strictLintPasses() {
    LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
    assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    assertThat(result.getMessages())
        .as("no warnings or errors")
        .noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
  }

  @Test
  void defaultsGrantClusterWideReadOnSecretsAndLeasesInTheReleaseNamespaceOnly() {
    RenderedChart chart = render("");

    JsonNode clusterRole = chart.one("ClusterRole");
    assertThat(rules(clusterRole)).isEqualTo(WATCH_RULES);

    JsonNode binding = chart.one("ClusterRoleBinding");
    assertThat(binding.at("/roleRef/kind").asText()).isEqualTo("ClusterRole");
    assertThat(binding.at("/roleRef/name").asText()).isEqualTo(clusterRole.at("/metadata/name").asText());
    assertBoundToServiceAccount(chart, binding);

    JsonNode leaseRole = chart.one("Role");
    assertThat(leaseRole.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(rules(leaseRole)).isEqualTo(LEASE_RULES);
    JsonNode leaseBinding = chart.one("RoleBinding");
    assertThat(leaseBinding.at("/metadata/namespace").asText()).isEqualTo(NAMESPACE);
    assertThat(leaseBinding.at("/roleRef/name").asText()).isEqualTo(leaseRole.at("/metadata/name").asText());
    assertBoundToServiceAccount(chart, leaseBinding);

    assertNoSecretWrites(chart);
    Map<String, JsonNode> env = chart.env();
    assertThat(env.get("WATCH_NAMESPACES").path("value").asText()).isEmpty();
    assertThat(env.get("LEADER_ELECTION").path("value").asText()).isEqualTo("true");
    assertThat(env.get("VERIFY_INTERVAL").path("value").asText()).isEqualTo("10m");
    assertThat(env.get("LOG_FORMAT").path("value").asText()).isEqualTo("text");
    assertThat(env).doesNotContainKey("RECONCILE_THREADS");
  }

  @Test
  void watchNamespacesRenderARoleAndBindingPerNamespaceAndNoClusterAccess() {
    RenderedChart chart = render("watchNamespaces: [a, b]\n");

    assertThat(chart.ofKind("ClusterRole")).isEmpty();
    assertThat(chart.ofKind("ClusterRoleBinding")).isEmpty();

    Map<String, List<JsonNode>> rolesByNamespace =
        chart.ofKind("Role").stream().collect(Collectors.groupingBy(r -> r.at("/metadata/namespace").asText()));
    assertThat(rolesByNamespace).containsOnlyKeys("a", "b", NAMESPACE);
    for (String ns : List.of("a", "b")) {
      assertThat(rolesByNamespace.get(ns)).hasSize(1);
      JsonNode role = rolesByNamespace.get(ns).get(0);
      assertThat(rules(role)).as("Role in %s", ns).isEqualTo(WATCH_RULES);
      List<JsonNode> bindings =
          chart.ofKind("RoleBinding").stream()
              .filter(b -> ns.equals(b.at("/metadata/namespace").asText()))
              .collect(Collectors.toList());
      assertThat(bindings).hasSize(1);
      assertThat(bindings.get(0).at("/roleRef/kind").asText()).isEqualTo("Role");
      assertThat(bindings.get(0).at("/roleRef/name").asText()).isEqualTo(role.at("/metadata/name").asText());
      assertBoundToServiceAccount(chart, bindings.get(0));
    }
    assertThat(rolesByNamespace.get(NAMESPACE)).hasSize(1);
    assertThat(rules(rolesByNamespace.get(NAMESPACE).get(0))).isEqualTo(LEASE_RULES);

    assertNoSecretWrites(chart);
    assertThat(chart.env().get("WATCH_NAMESPACES").path("value").asText()).isEqualTo("a,b");
  }

  @Test
  void leaderElectionOffRendersNoLeaseAccess() {
    RenderedChart chart = render("leaderElection: {enabled: false}\nreconcileThreads: 4\n");

    assertThat(chart.ofKind("Role")).isEmpty();
    assertThat(chart.ofKind("RoleBinding")).isEmpty();
    assertThat(chart.text).doesNotContain("coordination.k8s.io");
    assertThat(chart.env().get("LEADER_ELECTION").path("value").asText()).isEqualTo("false");
    assertThat(chart.env().get("RECONCILE_THREADS").path("value").asText()).isEqualTo("4");
  }

  @Test
  void podRunsUnderTheRestrictedProfileWithAWritableTmp() {
    RenderedChart chart = render("");
    JsonNode pod = chart.one("Deployment").at("/spec/template/spec");

    JsonNode podSecurity = pod.path("securityContext");
    assertThat(podSecurity.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(podSecurity.path("runAsUser").asInt()).isPositive();
    assertThat(podSecurity.at("/seccompProfile/type").asText()).isEqualTo("RuntimeDefault");

    JsonNode container = chart.container();
    JsonNode security = container.path("securityContext");
    assertThat(security.path("allowPrivilegeEscalation").isBoolean()).isTrue();
    assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(strings(security.at("/capabilities/drop"))).containsExactly("ALL");
    assertThat(security.at("/capabilities/add").isMissingNode()).isTrue();
    assertThat(security.path("privileged").asBoolean(false)).isFalse();

    JsonNode tmpMount = container.path("volumeMounts").get(0);
    assertThat(tmpMount.path("mountPath").asText()).isEqualTo("/tmp");
    JsonNode tmpVolume = pod.path("volumes").get(0);
    assertThat(tmpVolume.path("name").asText()).isEqualTo(tmpMount.path("name").asText());
    assertThat(tmpVolume.has("emptyDir")).isTrue();

    assertThat(container.at("/resources/requests/cpu").asText()).isNotEmpty();
    assertThat(container.at("/resources/requests/memory").asText()).isNotEmpty();
    assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();
    assertThat(chart.env().get("JAVA_TOOL_OPTIONS").path("value").asText())
        .contains("-XX:MaxRAMPercentage=75")
        .contains("-Djava.io.tmpdir=/tmp");
    assertThat(strings(container.path("args"))).containsExactly("run");

    Map<String, JsonNode> env = chart.env();
    assertThat(env.get("POD_NAME").at("/valueFrom/fieldRef/fieldPath").asText()).isEqualTo("metadata.name");
    assertThat(env.get("POD_NAMESPACE").at("/valueFrom/fieldRef/fieldPath").asText())
        .isEqualTo("metadata.namespace");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo(chart.one("ServiceAccount").at("/metadata/name").asText());
  }

  @Test
  void probesHitTheServedHealthPathsOnTheOpsPort() {
    for (int port : new int[] {8080, 9443}) {
      RenderedChart chart = render("opsPort: " + port + "\n");
      JsonNode container = chart.container();

      JsonNode opsPort = container.path("ports").get(0);
      assertThat(opsPort.path("name").asText()).isEqualTo("ops");
      assertThat(opsPort.path("containerPort").asInt()).isEqualTo(port);
      assertThat(chart.env().get("OPS_PORT").path("value").asText()).isEqualTo(Integer.toString(port));

      assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo(OpsServer.HEALTHZ);
      assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("ops");
      assertThat(container.at("/startupProbe/httpGet/path").asText()).isEqualTo(OpsServer.HEALTHZ);
      assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo(OpsServer.READYZ);
      assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("ops");

      JsonNode service = chart.one("Service");
      JsonNode servicePort = service.at("/spec/ports").get(0);
      assertThat(servicePort.path("name").asText()).isEqualTo("http-metrics");
      assertThat(servicePort.path("port").asInt()).isEqualTo(8080);
      assertThat(servicePort.path("targetPort").asText()).isEqualTo("ops");
      JsonNode podLabels = chart.one("Deployment").at("/spec/template/metadata/labels");
      service.at("/spec/selector").fields()
          .forEachRemaining(e -> assertThat(podLabels.path(e.getKey()).asText()).isEqualTo(e.getValue().asText()));
    }
  }

  @Test
  void serviceMonitorAndNetworkPolicyOnlyWhenEnabled() {
    RenderedChart defaults = render("");
    assertThat(defaults.ofKind("ServiceMonitor")).isEmpty();
    assertThat(defaults.ofKind("NetworkPolicy")).isEmpty();

    RenderedChart enabled =
        render(
            """
            metrics:
              serviceMonitor: {enabled: true, labels: {release: prom}}
            networkPolicy:
              enabled: true
              opsFrom:
                - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}
            """);
    JsonNode monitor = enabled.one("ServiceMonitor");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("prom");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http-metrics");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo(OpsServer.METRICS);

    JsonNode policy = enabled.one("NetworkPolicy");
    assertThat(strings(policy.at("/spec/policyTypes"))).containsExactly("Ingress");
    assertThat(policy.at("/spec/ingress/0/ports/0/port").asText()).isEqualTo("ops");
    assertThat(policy.at("/spec/ingress/0/from/0/namespaceSelector/matchLabels").toString()).contains("monitoring");
  }

  @Test
  void podPlacementAnnotationsAndImageComeFromValues() {
    RenderedChart chart =
        render(
            """
            image: {repository: registry.example/plo, tag: "1.2.3", pullPolicy: Always}
            podAnnotations: {example.com/owner: msp}
            nodeSelector: {kubernetes.io/os: linux}
            tolerations: [{key: dedicated, operator: Equal, value: ops, effect: NoSchedule}]
            affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [z1]}]}]}}}
            logFormat: json
            """);
    JsonNode template = chart.one("Deployment").at("/spec/template");
    assertThat(template.at("/metadata/annotations/example.com~1owner").asText()).isEqualTo("msp");
    assertThat(template.at("/spec/nodeSelector/kubernetes.io~1os").asText()).isEqualTo("linux");
    assertThat(template.at("/spec/tolerations/0/key").asText()).isEqualTo("dedicated");
    assertThat(template.at("/spec/affinity/nodeAffinity").isObject()).isTrue();
    assertThat(chart.container().path("image").asText()).isEqualTo("registry.example/plo:1.2.3");
    assertThat(chart.container().path("imagePullPolicy").asText()).isEqualTo("Always");
    assertThat(chart.env().get("LOG_FORMAT").path("value").asText()).isEqualTo("json");

    String appVersion = render("").container().path("image").asText();
    assertThat(appVersion).isEqualTo("psalink/psa-link-operator:0.1.0");
  }

  @Test
  void schemaRejectsWrongTypesAndUnknownKeys() {
    assertRejected("replicaCount: two\n", "replicaCount");
    assertRejected("replicas: 2\n", "replicas");
    assertRejected("watchNamespaces: a\n", "watchNamespaces");
    assertRejected("leaderElection: {enabled: \"yes\"}\n", "enabled");
    assertRejected("logFormat: xml\n", "logFormat");
    assertRejected("opsPort: \"8080\"\n", "opsPort");
    assertRejected("metrics: {serviceMonitor: {enable: true}}\n", "enable");
  }

  @Test
  void readmeListsEveryValue() throws Exception {
    JsonNode values = new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
        .readTree(RenderedChart.CHART.resolve("values.yaml").toFile());
    String readme = java.nio.file.Files.readString(RenderedChart.CHART.resolve("README.md"));
    List<String> missing = new java.util.ArrayList<>();
    collectUndocumented("", values, readme, missing);
    assertThat(missing).as("values without a row in the chart README").isEmpty();
  }

  /** A key counts as documented when its path, or the path of an object holding it, is in backticks. */
  private static void collectUndocumented(String path, JsonNode node, String readme, List<String> missing) {
    if (!path.isEmpty() && readme.contains("| `" + path + "` |")) {
      return;
    }
    if (node.isObject() && node.size() > 0) {
      node.fields().forEachRemaining(
          e -> collectUndocumented(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), readme, missing));
    } else {
      missing.add(path);
    }
  }

  private static void assertRejected(String values, String mentioned) {
    assertThatThrownBy(() -> render(values))
        .as("values %s", values)
        .hasMessageContaining("schema")
        .hasMessageContaining(mentioned);
  }

  private static Set<Rule> rules(JsonNode role) {
    Set<Rule> rules = new java.util.HashSet<>();
    role.path("rules").forEach(r -> rules.add(rule(r)));
    assertThat(rules).as("no duplicate rules in %s", role.at("/metadata/name")).hasSize(role.path("rules").size());
    return rules;
  }

  private static void assertBoundToServiceAccount(RenderedChart chart, JsonNode binding) {
    JsonNode sa = chart.one("ServiceAccount");
    assertThat(binding.path("subjects")).hasSize(1);
    JsonNode subject = binding.path("subjects").get(0);
    assertThat(subject.path("kind").asText()).isEqualTo("ServiceAccount");
    assertThat(subject.path("name").asText()).isEqualTo(sa.at("/metadata/name").asText()).isEqualTo(FULLNAME);
    assertThat(subject.path("namespace").asText()).isEqualTo(NAMESPACE);
  }

  /** No rule anywhere lets the operator write Secrets (nor uses wildcards that would). */
  private static void assertNoSecretWrites(RenderedChart chart) {
    for (String kind : List.of("ClusterRole", "Role")) {
      for (JsonNode role : chart.ofKind(kind)) {
        for (JsonNode r : role.path("rules")) {
          List<String> resources = strings(r.path("resources"));
          List<String> verbs = strings(r.path("verbs"));
          assertThat(resources).as("wildcard resources in %s", role.at("/metadata/name")).doesNotContain("*");
          assertThat(strings(r.path("apiGroups"))).doesNotContain("*");
          if (resources.contains("secrets")) {
            assertThat(verbs).as("verbs on secrets").doesNotContainAnyElementsOf(WRITE_VERBS);
          }
          assertThat(verbs).doesNotContain("*");
        }
      }
    }
  }
}
