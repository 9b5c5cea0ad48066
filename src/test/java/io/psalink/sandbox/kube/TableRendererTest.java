package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final Instant now = Instant.parse("2025-06-01T12:00:00Z");

  static JsonNode crd() throws IOException {
    try (InputStream in = TableRendererTest.class.getResourceAsStream("/kube/widgets.example.test-v1.yml")) {
      return new YAMLMapper().readTree(in);
    }
  }

  private JsonNode widget(String readyStatus) throws IOException {
    return mapper.readTree("{\"apiVersion\":\"example.test/v1\",\"kind\":\"Widget\","
        + "\"metadata\":{\"name\":\"alpha\",\"namespace\":\"default\",\"creationTimestamp\":\"2025-06-01T11:56:40Z\",\"resourceVersion\":\"7\"},"
        + "\"spec\":{\"size\":3},"
        + "\"status\":{\"conditions\":[{\"type\":\"Other\",\"status\":\"False\"},"
        + "{\"type\":\"Ready\",\"status\":\"" + readyStatus + "\",\"reason\":\"Succeeded\",\"message\":\"all good\"}]}}");
  }

  @Test
  void crdColumnsComeFromPrinterColumnsWithNameFirst() throws IOException {
    ResourceInfo info = ResourceRegistry.fromCrd(crd()).get(0);
    ObjectNode table = new TableRenderer(mapper).render(info, List.of(widget("True")), TableRenderer.Include.METADATA, "9", now);

    assertThat(table.path("kind").asText()).isEqualTo("Table");
    assertThat(table.path("apiVersion").asText()).isEqualTo("meta.k8s.io/v1");
    assertThat(table.path("metadata").path("resourceVersion").asText()).isEqualTo("9");
    assertThat(table.path("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "READY", "REASON", "SIZE", "MESSAGE", "AGE");
    assertThat(table.path("columnDefinitions").get(4).path("priority").asInt()).isEqualTo(1);
    assertThat(table.path("columnDefinitions").get(5).path("type").asText()).isEqualTo("date");

    JsonNode row = table.path("rows").get(0);
    assertThat(row.path("cells").toString()).isEqualTo("[\"alpha\",\"True\",\"Succeeded\",3,\"all good\",\"3m20s\"]");
    assertThat(row.path("object").path("kind").asText()).isEqualTo("PartialObjectMetadata");
    assertThat(row.path("object").path("metadata").path("name").asText()).isEqualTo("alpha");
    assertThat(row.path("object").has("spec")).isFalse();
  }

  @Test
  void missingValuesAreNullCellsAndIncludeObjectIsHonoured() throws IOException {
    ResourceInfo info = ResourceRegistry.fromCrd(crd()).get(0);
    ObjectNode bare = (ObjectNode) widget("True");
    bare.remove("status");
    TableRenderer r = new TableRenderer(mapper);

    JsonNode row = r.render(info, List.of(bare), TableRenderer.Include.OBJECT, null, now).path("rows").get(0);
    assertThat(row.path("cells").get(1).isNull()).isTrue();
    assertThat(row.path("object").path("spec").path("size").asInt()).isEqualTo(3);

    JsonNode none = r.render(info, List.of(bare), TableRenderer.Include.NONE, null, now).path("rows").get(0);
    assertThat(none.has("object")).isFalse();
  }

  @Test
  void builtinSecretsShowTypeAndDataCount() throws IOException {
    ResourceInfo secrets = ResourceRegistry.BUILTIN.stream().filter(i -> i.plural().equals("secrets")).findFirst().orElseThrow();
    JsonNode secret = mapper.readTree("{\"kind\":\"Secret\",\"type\":\"Opaque\",\"data\":{\"a\":\"eA==\",\"b\":\"eQ==\"},"
        + "\"metadata\":{\"name\":\"s\",\"creationTimestamp\":\"2025-06-01T09:00:00Z\"}}");
    ObjectNode table = new TableRenderer(mapper).render(secrets, List.of(secret), TableRenderer.Include.METADATA, null, now);
    assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Type", "Data", "Age");
    assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"s\",\"Opaque\",2,\"3h\"]");
  }

  @Test
  void tableIsRecognisedInKubectlsAcceptHeader() {
    assertThat(TableRenderer.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"))
        .isTrue();
    assertThat(TableRenderer.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io;q=0.9,application/json")).isTrue();
    assertThat(TableRenderer.wantsTable("application/json")).isFalse();
    assertThat(TableRenderer.wantsTable(null)).isFalse();
  }

  @Test
  void jsonPathColumnsEvaluateFiltersAndTypes() throws IOException {
    JsonNode w = widget("False");
    assertThat(JsonPathColumn.evaluate(".status.conditions[?(@.type==\"Ready\")].status", w).asText()).isEqualTo("False");
    assertThat(JsonPathColumn.evaluate("{.spec.size}", w).asInt()).isEqualTo(3);
    assertThat(JsonPathColumn.evaluate(".status.conditions[?(@.type==\"Missing\")].status", w)).isNull();
    assertThat(JsonPathColumn.evaluate(".no.such.field", w)).isNull();
    assertThat(JsonPathColumn.cell("integer", mapper.getNodeFactory().textNode("x"), now)).isNull();
    assertThat(JsonPathColumn.cell("boolean", mapper.getNodeFactory().booleanNode(true), now)).isEqualTo(true);
    assertThat(JsonPathColumn.cell("string", mapper.readTree("{\"a\":1}"), now)).isEqualTo("{\"a\":1}");
  }
}
