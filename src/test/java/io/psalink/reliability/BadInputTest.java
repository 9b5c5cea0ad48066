package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.psalink.api.v1alpha1.CredentialsSecretRef;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.testing.Figures;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed specs and Secrets that reach the operator anyway (the sandbox's API server does not validate): each ends
 * Stalled with a message naming the field or key, and Halo never hears of it.
 */
class BadInputTest {
  static OperatorFixture world;
  static Tenant tenant;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start());
    tenant = world.tenant("badinput");
    world.credentials("badinput-creds", tenant);
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  record Bad(String name, String field, Consumer<HaloLink> spoil) {}

  static WebhookSpec hook(String name, String url, List<Integer> events) {
    return new WebhookSpec(name, url, events);
  }

  static List<Bad> badSpecs() {
    String big = "a".repeat(10_240);
    List<Bad> bad = new ArrayList<>();
    bad.add(new Bad("rs-not-url", "spec.resourceServer", l -> l.getSpec().setResourceServer("acme halopsa")));
    bad.add(new Bad("rs-http-remote", "spec.resourceServer", l -> l.getSpec().setResourceServer("http://acme.halopsa.com")));
    bad.add(new Bad("rs-query", "spec.resourceServer", l -> l.getSpec().setResourceServer("https://acme.halopsa.com/?x=1")));
    bad.add(new Bad("rs-fragment", "spec.resourceServer", l -> l.getSpec().setResourceServer("https://acme.halopsa.com/#api")));
    bad.add(new Bad("rs-inner-space", "spec.resourceServer", l -> l.getSpec().setResourceServer("https://acme .halopsa.com")));
    bad.add(new Bad("rs-10k", "spec.resourceServer", l -> l.getSpec().setResourceServer("https://" + big + ".com")));
    bad.add(new Bad("rs-non-ascii", "spec.resourceServer", l -> l.getSpec().setResourceServer("https://äcme.halopsa.com")));
    bad.add(new Bad("rs-blank", "spec.resourceServer", l -> l.getSpec().setResourceServer("   ")));
    bad.add(new Bad("auth-http-remote", "spec.authServer", l -> l.getSpec().setAuthServer("http://auth.halopsa.com")));
    bad.add(new Bad("tenant-space", "spec.tenant", l -> l.getSpec().setTenant("acme corp")));
    bad.add(new Bad("tenant-10k", "spec.tenant", l -> l.getSpec().setTenant(big)));
    bad.add(new Bad("tenant-non-ascii", "spec.tenant", l -> l.getSpec().setTenant("acmé")));
    bad.add(new Bad("perm-malformed", "spec.permissions", l -> l.getSpec().setPermissions(List.of("READ TICKETS"))));
    bad.add(new Bad("perm-10k", "spec.permissions", l -> l.getSpec().setPermissions(List.of(big))));
    bad.add(new Bad("perm-non-ascii", "spec.permissions", l -> l.getSpec().setPermissions(List.of("read:tickéts"))));
    bad.add(new Bad("agent-10k", "spec.agent.name", l -> l.getSpec().setAgent(new io.psalink.api.v1alpha1.AgentSpec(big))));
    bad.add(new Bad("perm-too-many", "spec.permissions", l -> l.getSpec().setPermissions(
        java.util.Collections.nCopies(65, "read:tickets"))));
    bad.add(new Bad("hook-dup", "spec.webhooks[1].name", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/a", List.of(1)), hook("alerts", "https://p.example/b", List.of(2))))));
    bad.add(new Bad("hook-no-events", "spec.webhooks[0].events", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/a", List.of())))));
    bad.add(new Bad("hook-zero-event", "spec.webhooks[0].events", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/a", List.of(0))))));
    bad.add(new Bad("hook-http", "spec.webhooks[0].url", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "http://p.example/a", List.of(1))))));
    bad.add(new Bad("hook-fragment", "spec.webhooks[0].url", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/a#x", List.of(1))))));
    bad.add(new Bad("hook-space", "spec.webhooks[0].url", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/a b", List.of(1))))));
    bad.add(new Bad("hook-non-ascii", "spec.webhooks[0].url", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/ä", List.of(1))))));
    bad.add(new Bad("hook-10k", "spec.webhooks[0].url", l -> l.getSpec().setWebhooks(List.of(
        hook("alerts", "https://p.example/" + big, List.of(1))))));
    bad.add(new Bad("hook-bad-name", "spec.webhooks[0].name", l -> l.getSpec().setWebhooks(List.of(
        hook("Alerts Hook", "https://p.example/a", List.of(1))))));
    bad.add(new Bad("interval-negative", "spec.verifyInterval", l -> l.getSpec().setVerifyInterval("-5m")));
    bad.add(new Bad("interval-tiny", "spec.verifyInterval", l -> l.getSpec().setVerifyInterval("100ms")));
    bad.add(new Bad("interval-words", "spec.verifyInterval", l -> l.getSpec().setVerifyInterval("ten minutes")));
    bad.add(new Bad("key-odd", "spec.credentialsSecretRef", l -> {
      CredentialsSecretRef ref = new CredentialsSecretRef("badinput-creds");
      ref.setClientSecretKey("client secret/../x");
      l.getSpec().setCredentialsSecretRef(ref);
    }));
    return bad;
  }

  @Test
  void everyMalformedSpecStallsAsInvalidSpecNamingTheFieldWithoutAskingHalo() {
    List<Bad> bad = badSpecs();
    for (Bad b : bad) {
      HaloLink l = link(b.name(), tenant.instance().baseUrl(), "badinput-creds");
      b.spoil().accept(l);
      world.apply(l);
    }
    for (Bad b : bad) {
      HaloLink got = world.awaitCondition(b.name(), "Ready", "False", "InvalidSpec");
      assertThat(got.getStatus().condition("Stalled")).as(b.name()).isPresent();
      assertThat(got.getStatus().condition("Ready").get().getMessage()).as(b.name()).contains(b.field())
          .hasSizeLessThan(1200);
    }
    assertThat(tenant.instance().requests()).as("no request to Halo for a bad spec").isEmpty();
    Figures.record("BadInputTest", bad.size() + " malformed specs reached the operator: all Ready=False InvalidSpec,"
        + " Stalled, message naming the field; 0 requests to Halo");
  }

  /** Specs the operator's types cannot even read: before, one of them stopped the informer and the operator. */
  @Test
  void unreadableSpecsStallNamingTheFieldAndTheOperatorKeepsWorking() {
    String rs = "\"resourceServer\":\"" + tenant.instance().baseUrl() + "\",\"credentialsSecretRef\":{\"name\":"
        + "\"badinput-creds\"}";
    Map<String, String> specs = new LinkedHashMap<>();
    specs.put("raw-unknown-field", rs + ",\"verifyIntervall\":\"5m\"");
    specs.put("raw-enum", rs + ",\"deletionPolicy\":\"Maybe\"");
    specs.put("raw-boolean", rs + ",\"suspend\":\"yes\"");
    specs.put("raw-event-word", rs + ",\"webhooks\":[{\"name\":\"a\",\"url\":\"https://p.example/a\",\"events\":[\"abc\"]}]");
    specs.put("raw-event-overflow", rs + ",\"webhooks\":[{\"name\":\"a\",\"url\":\"https://p.example/a\",\"events\":[99999999999]}]");
    specs.put("raw-hook-unknown", rs + ",\"webhooks\":[{\"name\":\"a\",\"url\":\"https://p.example/a\",\"events\":[1],\"color\":\"red\"}]");
    Map<String, String> field = Map.of("raw-unknown-field", "spec.verifyIntervall", "raw-enum", "spec.deletionPolicy",
        "raw-boolean", "spec.suspend", "raw-event-word", "spec.webhooks[0].events[0]", "raw-event-overflow",
        "spec.webhooks[0].events[0]", "raw-hook-unknown", "spec.webhooks[0].color");
    int before = tenant.instance().requests().size();
    specs.forEach((name, spec) -> world.kube.genericKubernetesResources(HaloLink.GROUP + "/" + HaloLink.VERSION,
        "HaloLink").inNamespace(OperatorFixture.NS).resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            "{\"apiVersion\":\"psalink.io/v1alpha1\",\"kind\":\"HaloLink\",\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{" + spec + "}}", io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
        .create());
    for (String name : specs.keySet()) {
      HaloLink got = world.awaitCondition(name, "Ready", "False", "InvalidSpec");
      assertThat(got.getStatus().condition("Stalled")).as(name).isPresent();
      assertThat(got.getStatus().condition("Ready").get().getMessage()).as(name).startsWith(field.get(name))
          .doesNotContain("abc", "99999999999", "Maybe", "yes", "red");
    }
    assertThat(tenant.instance().requests()).as("no request to Halo for an unreadable spec").hasSize(before);
    // nothing of what the user wrote was lost by the operator's writes (finalizer, status)
    var stored = world.kube.genericKubernetesResources(HaloLink.GROUP + "/" + HaloLink.VERSION, "HaloLink")
        .inNamespace(OperatorFixture.NS).withName("raw-unknown-field").get();
    assertThat(io.fabric8.kubernetes.client.utils.Serialization.asJson(stored.getAdditionalProperties().get("spec")))
        .contains("verifyIntervall", "badinput-creds", tenant.instance().baseUrl());
    assertThat(stored.getMetadata().getFinalizers()).contains(HaloLink.FINALIZER);
    // the operator still works: a good link after them becomes Ready
    Tenant other = world.tenant("after-unreadable");
    world.credentials("after-unreadable-creds", other);
    world.apply(link("after-unreadable", other.instance().baseUrl(), "after-unreadable-creds"));
    world.awaitReady("after-unreadable");
    Figures.record("BadInputTest", specs.size() + " specs the operator cannot read (unknown fields, wrong types,"
        + " number overflow): Ready=False InvalidSpec naming the field, 0 requests to Halo, the operator kept running");
  }

  @Test
  void secretsMissingEmptyPaddedOrBinary() {
    Tenant t = world.tenant("secrets");
    Map<String, Map<String, byte[]>> secrets = new LinkedHashMap<>();
    secrets.put("sec-missing-key", Map.of("client_id", t.clientId().getBytes()));
    secrets.put("sec-empty", Map.of("client_id", t.clientId().getBytes(), "client_secret", new byte[0]));
    secrets.put("sec-blank", Map.of("client_id", t.clientId().getBytes(), "client_secret", " \n\t ".getBytes()));
    secrets.put("sec-binary", Map.of("client_id", t.clientId().getBytes(), "client_secret",
        new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0x80}));
    secrets.put("sec-control", Map.of("client_id", t.clientId().getBytes(), "client_secret",
        ("ab\u0000" + t.clientSecret()).getBytes()));
    secrets.put("sec-padded", Map.of("client_id", ("  " + t.clientId() + "\n").getBytes(), "client_secret",
        ("\t" + t.clientSecret() + "\r\n").getBytes()));
    Map<String, String> expected = Map.of("sec-missing-key", "SecretKeyMissing", "sec-empty", "SecretKeyMissing",
        "sec-blank", "SecretKeyMissing", "sec-binary", "SecretValueInvalid", "sec-control", "SecretValueInvalid",
        "sec-padded", "Succeeded", "sec-absent", "SecretNotFound");
    secrets.forEach((name, data) -> {
      Map<String, String> encoded = new LinkedHashMap<>();
      data.forEach((k, v) -> encoded.put(k, Base64.getEncoder().encodeToString(v)));
      world.kube.secrets().inNamespace(OperatorFixture.NS).resource(new SecretBuilder().withNewMetadata()
          .withName(name).withNamespace(OperatorFixture.NS).endMetadata().withData(encoded).build()).create();
    });
    for (String name : expected.keySet()) {
      world.apply(link(name, t.instance().baseUrl(), name));
    }
    for (var e : expected.entrySet()) {
      if (e.getValue().equals("Succeeded")) {
        world.awaitReady(e.getKey());
      } else {
        HaloLink got = world.awaitCondition(e.getKey(), "Ready", "False", e.getValue());
        assertThat(got.getStatus().condition("Stalled")).isPresent();
        assertThat(got.getStatus().condition("Ready").get().getMessage()).contains(e.getKey().equals("sec-absent")
            ? "sec-absent" : "client_secret");
      }
    }
    assertThat(t.instance().tokenRequests()).as("only the padded Secret reached Halo").isEqualTo(1);
    Figures.record("BadInputTest", expected.size() + " Secret cases (absent, key missing, empty, whitespace only,"
        + " binary, control characters, whitespace-padded): the bad ones stall naming the key with 0 requests to"
        + " Halo, the padded one is trimmed and Ready");
  }
}
