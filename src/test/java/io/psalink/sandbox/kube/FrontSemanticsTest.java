package io.psalink.sandbox.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What kubectl relies on beyond CRUD: merge patch per RFC 7396, storage order, watches after a deletion. */
class FrontSemanticsTest {

  private final ObjectMapper mapper = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void mergePatchReplacesListsAndNullRemoves() throws Exception {
    var merged = PatchTranslator.merge(mapper.readTree("{\"a\":[1,2],\"b\":{\"c\":1,\"d\":2},\"e\":1}"),
        mapper.readTree("{\"a\":[3],\"b\":{\"c\":null},\"e\":null,\"f\":\"x\"}"));
    assertThat(merged.toString()).isEqualTo("{\"a\":[3],\"b\":{\"d\":2},\"f\":\"x\"}");
  }

  @Test
  void patchesListsDeletionsAndOpenApiV2() throws Exception {
    try (EmbeddedKubeApi api = EmbeddedKubeApi.start(0)) {
      var secrets = api.client().secrets().inNamespace("default");
      for (String name : List.of("b", "a", "c")) {
        secrets.resource(new SecretBuilder().withNewMetadata().withName(name)
            .withLabels(Map.of("k", "v")).endMetadata().addToData("x", "eA==").build()).create();
      }
      String base = api.url() + "/api/v1/namespaces/default/secrets";
      // merge patch: null removes (the mock alone would store null), nothing else changes
      HttpResponse<String> p = send("PATCH", base + "/a", "application/merge-patch+json",
          "{\"metadata\":{\"labels\":{\"k\":null}}}");
      assertThat(p.statusCode()).isEqualTo(200);
      assertThat(secrets.withName("a").get().getMetadata().getLabels()).isNullOrEmpty();
      String rv = secrets.withName("c").get().getMetadata().getResourceVersion();
      send("PATCH", base + "/c", "application/merge-patch+json", "{\"data\":{\"x\":\"eA==\"}}");
      assertThat(secrets.withName("c").get().getMetadata().getResourceVersion()).as("a no-op writes nothing").isEqualTo(rv);

      // lists in storage order
      var list = mapper.readTree(send("GET", base, null, null).body());
      assertThat(list.path("items").findValuesAsText("name")).containsExactly("a", "b", "c");
      String listRv = list.path("metadata").path("resourceVersion").asText();

      // a deletion between a list and the watch from its resourceVersion is still reported
      assertThat(send("DELETE", base + "/b", null, null).statusCode()).isEqualTo(200);
      HttpResponse<java.io.InputStream> watch = http.send(HttpRequest.newBuilder(
              URI.create(base + "?watch=true&resourceVersion=" + listRv)).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(watch.body(), StandardCharsets.UTF_8))) {
        var event = mapper.readTree(lines.readLine());
        assertThat(event.path("type").asText()).isEqualTo("DELETED");
        assertThat(event.path("object").path("metadata").path("name").asText()).isEqualTo("b");
      }
      // ... but not to a watch from after the deletion
      String after = mapper.readTree(send("GET", base, null, null).body()).path("metadata").path("resourceVersion").asText();
      assertThat(Long.parseLong(after)).isGreaterThan(Long.parseLong(listRv));

      // older kubectl needs /openapi/v2 (protobuf); newer kubectl's protobuf bodies are refused clearly
      HttpResponse<String> v2 = http.send(HttpRequest.newBuilder(URI.create(api.url() + "/openapi/v2"))
          .header("Accept", OpenApiV2.PROTOBUF).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(v2.statusCode()).isEqualTo(200);
      assertThat(v2.body()).startsWith("\n\u00032.0");
      HttpResponse<String> pb = send("POST", base, "application/vnd.kubernetes.protobuf", "k8s\u0000");
      assertThat(pb.statusCode()).isEqualTo(415);
      assertThat(pb.body()).contains("use kubectl apply -f");
    }
  }

  private HttpResponse<String> send(String method, String url, String type, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
    if (type != null) {
      b.header("Content-Type", type);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
