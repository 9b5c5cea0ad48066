package io.psalink.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.psalink.testing.Figures;
import java.io.File;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the committed CRD rejects before the operator sees it: its OpenAPI schema (networknt json-schema-validator)
 * and its x-kubernetes-validations CEL rules (cel-java, standard library: duration(), matches(), all(),
 * exists_one() and size() are all in it) against bad manifests.
 */
class CrdSchemaTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode openApi() throws Exception {
    JsonNode crd = YAML.readTree(new File("crds/halolinks.psalink.io-v1.yml"));
    return crd.at("/spec/versions/0/schema/openAPIV3Schema");
  }

  static ObjectNode goodSpec() throws Exception {
    return (ObjectNode) JSON.readTree("""
        {"resourceServer": "https://acme.halopsa.com", "tenant": "acme",
         "credentialsSecretRef": {"name": "acme-halo", "clientIdKey": "client_id"},
         "permissions": ["read:tickets", "admin:webhooks"], "verifyInterval": "10m",
         "webhooks": [{"name": "alerts", "url": "https://platform.example/hooks/halo?x=1", "events": [1, 2]}]}""");
  }

  record Bad(String name, Consumer<ObjectNode> spoil) {}

  static List<Bad> bad() {
    String big = "a".repeat(10_240);
    List<Bad> b = new ArrayList<>();
    b.add(new Bad("resourceServer missing", s -> s.remove("resourceServer")));
    b.add(new Bad("credentialsSecretRef missing", s -> s.remove("credentialsSecretRef")));
    b.add(new Bad("resourceServer not a URL", s -> s.put("resourceServer", "acme halopsa")));
    b.add(new Bad("resourceServer http to a remote host", s -> s.put("resourceServer", "http://acme.halopsa.com")));
    b.add(new Bad("resourceServer with query", s -> s.put("resourceServer", "https://acme.halopsa.com/?a=1")));
    b.add(new Bad("resourceServer with fragment", s -> s.put("resourceServer", "https://acme.halopsa.com/#x")));
    b.add(new Bad("resourceServer inner space", s -> s.put("resourceServer", "https://acme .halopsa.com")));
    b.add(new Bad("resourceServer 10 kB", s -> s.put("resourceServer", "https://" + big)));
    b.add(new Bad("resourceServer non-ASCII", s -> s.put("resourceServer", "https://äcme.halopsa.com")));
    b.add(new Bad("authServer http to a remote host", s -> s.put("authServer", "http://auth.example.com")));
    b.add(new Bad("tenant with space", s -> s.put("tenant", "acme corp")));
    b.add(new Bad("tenant 10 kB", s -> s.put("tenant", big)));
    b.add(new Bad("tenant non-ASCII", s -> s.put("tenant", "acmé")));
    b.add(new Bad("permission malformed", s -> s.putArray("permissions").add("READ TICKETS")));
    b.add(new Bad("permission 10 kB", s -> s.putArray("permissions").add(big)));
    b.add(new Bad("permission non-ASCII", s -> s.putArray("permissions").add("read:tickéts")));
    b.add(new Bad("permissions empty", s -> s.putArray("permissions")));
    b.add(new Bad("verifyInterval negative", s -> s.put("verifyInterval", "-5m")));
    b.add(new Bad("verifyInterval tiny", s -> s.put("verifyInterval", "10s")));
    b.add(new Bad("verifyInterval words", s -> s.put("verifyInterval", "ten minutes")));
    b.add(new Bad("webhook names duplicate", s -> ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("webhooks"))
        .add(s.get("webhooks").get(0).deepCopy())));
    b.add(new Bad("webhook zero events", s -> ((ObjectNode) s.get("webhooks").get(0)).putArray("events")));
    b.add(new Bad("webhook event 0", s -> ((ObjectNode) s.get("webhooks").get(0)).putArray("events").add(0)));
    b.add(new Bad("webhook event negative", s -> ((ObjectNode) s.get("webhooks").get(0)).putArray("events").add(-3)));
    b.add(new Bad("webhook url http", s -> ((ObjectNode) s.get("webhooks").get(0)).put("url", "http://p.example/")));
    b.add(new Bad("webhook url fragment", s -> ((ObjectNode) s.get("webhooks").get(0)).put("url", "https://p.example/#a")));
    b.add(new Bad("webhook url space", s -> ((ObjectNode) s.get("webhooks").get(0)).put("url", "https://p.example/a b")));
    b.add(new Bad("webhook url non-ASCII", s -> ((ObjectNode) s.get("webhooks").get(0)).put("url", "https://p.example/ä")));
    b.add(new Bad("webhook url 10 kB", s -> ((ObjectNode) s.get("webhooks").get(0)).put("url", "https://" + big)));
    b.add(new Bad("webhook name upper case", s -> ((ObjectNode) s.get("webhooks").get(0)).put("name", "Alerts")));
    b.add(new Bad("webhook name 10 kB", s -> ((ObjectNode) s.get("webhooks").get(0)).put("name", big)));
    b.add(new Bad("Secret key with slash", s -> ((ObjectNode) s.get("credentialsSecretRef")).put("clientIdKey", "a/b")));
    b.add(new Bad("Secret key with space", s -> ((ObjectNode) s.get("credentialsSecretRef")).put("clientSecretKey", "client secret")));
    b.add(new Bad("Secret key empty", s -> ((ObjectNode) s.get("credentialsSecretRef")).put("clientSecretKey", "")));
    b.add(new Bad("Secret name upper case", s -> ((ObjectNode) s.get("credentialsSecretRef")).put("name", "Acme_Halo")));
    b.add(new Bad("deletionPolicy unknown", s -> s.put("deletionPolicy", "Keep")));
    b.add(new Bad("suspend not boolean", s -> s.put("suspend", "yes")));
    return b;
  }

  @Test
  void theGoodManifestPassesAndEveryBadOneIsRejectedBySchemaOrCel() throws Exception {
    JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi());
    assertThat(problems(schema, goodSpec())).isEmpty();
    int bySchema = 0;
    int byCel = 0;
    for (Bad b : bad()) {
      ObjectNode spec = goodSpec();
      b.spoil().accept(spec);
      Set<ValidationMessage> schemaErrors = schema.validate(manifest(spec));
      List<String> celErrors = celViolations(openApi().at("/properties/spec"), spec, "spec");
      assertThat(schemaErrors.size() + celErrors.size()).as(b.name() + " is rejected").isPositive();
      if (!schemaErrors.isEmpty()) {
        bySchema++;
      } else {
        byCel++;
      }
    }
    Figures.record("CrdSchemaTest", bad().size() + " bad manifests against the committed CRD: " + bySchema
        + " rejected by the OpenAPI schema, " + byCel + " only by its CEL rules; the good one passes both");
  }

  @Test
  void celRulesHoldForGoodValues() throws Exception {
    for (String ok : List.of("1m", "90s", "10m", "1h30m")) {
      ObjectNode spec = goodSpec();
      spec.put("verifyInterval", ok);
      assertThat(celViolations(openApi().at("/properties/spec"), spec, "spec")).as(ok).isEmpty();
    }
    for (String ok : List.of("http://localhost:8080", "http://127.0.0.1:41234/acme", " https://acme.halopsa.com/api/ ")) {
      ObjectNode spec = goodSpec();
      spec.put("resourceServer", ok);
      assertThat(celViolations(openApi().at("/properties/spec"), spec, "spec")).as(ok).isEmpty();
    }
  }

  static Set<ValidationMessage> problems(JsonSchema schema, ObjectNode spec) {
    return schema.validate(manifest(spec));
  }

  static JsonNode manifest(ObjectNode spec) {
    ObjectNode m = JSON.createObjectNode();
    m.set("spec", spec);
    return m;
  }

  /** Evaluates every x-kubernetes-validations rule in {@code schema} against {@code value}, recursively. */
  static List<String> celViolations(JsonNode schema, JsonNode value, String path) throws Exception {
    List<String> out = new ArrayList<>();
    if (value == null || value.isNull() || schema.isMissingNode()) {
      return out;
    }
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      if (!evaluate(rule.get("rule").asText(), value)) {
        out.add(path + ": " + rule.path("message").asText());
      }
    }
    if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        var e = it.next();
        out.addAll(celViolations(schema.path("properties").path(e.getKey()), e.getValue(), path + "." + e.getKey()));
      }
    } else if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        out.addAll(celViolations(schema.path("items"), value.get(i), path + "[" + i + "]"));
      }
    }
    return out;
  }

  static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS).addVar("self", SimpleType.DYN).setResultType(SimpleType.BOOL).build();
  static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

  static boolean evaluate(String rule, JsonNode self) throws Exception {
    CelAbstractSyntaxTree ast = COMPILER.compile(rule).getAst();
    try {
      Object result = RUNTIME.createProgram(ast).eval(Map.of("self", toCel(self)));
      return Boolean.TRUE.equals(result);
    } catch (dev.cel.runtime.CelEvaluationException e) {
      // the API server rejects an object whose rule fails to evaluate (for example duration('ten minutes'))
      return false;
    }
  }

  static Object toCel(JsonNode n) {
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> m.put(e.getKey(), toCel(e.getValue())));
      return m;
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>();
      n.forEach(x -> l.add(toCel(x)));
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.asLong();
    }
    if (n.isNumber()) {
      return n.asDouble();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return n.asText();
  }
}
