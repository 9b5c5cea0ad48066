package io.psalink.reliability;

import static io.psalink.testing.OperatorFixture.link;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.WebhookSpec;
import io.psalink.testing.Figures;
import io.psalink.testing.OperatorFixture;
import io.psalink.testing.OperatorFixture.Tenant;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Deleting a link when Halo or the link's Secret is not there to clean up with. */
class DeletionTest {
  static OperatorFixture world;

  @BeforeAll
  static void start() {
    world = OperatorFixture.scanned(() -> OperatorFixture.start());
  }

  @AfterAll
  static void stop() {
    world.close(); // fails if a secret leaked
  }

  private Tenant readyLinkWithWebhook(String name) {
    Tenant t = world.applyLinkWithWebhook(name);
    world.awaitReady(name);
    assertThat(t.instance().webhooks()).hasSize(1);
    return t;
  }

  private void delete(String name) {
    world.kube.resources(HaloLink.class).inNamespace(OperatorFixture.NS).withName(name).delete();
  }

  private long events(String name, String reason) {
    return world.events(name).stream().filter(e -> reason.equals(e.getReason()) && "Warning".equals(e.getType())).count();
  }

  @Test
  void haloDownRetriesWithBackoffThenRecoversAndRemovesTheWebhook() {
    Tenant t = readyLinkWithWebhook("deldown");
    t.instance().down(true);
    int before = t.instance().requests().size();
    delete("deldown");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events("deldown", "RemoteCleanupRetrying") >= 2);
    assertThat(world.get("deldown")).as("the finalizer holds the link").isNotNull();
    int attempts = t.instance().requests().size() - before;
    t.instance().down(false);
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> world.get("deldown") == null);
    assertThat(t.instance().webhooks()).isEmpty();
    Figures.record("DeletionTest", "Halo down at deletion: " + attempts + " requests over "
        + events("deldown", "RemoteCleanupRetrying") + " retries with backoff, link held; Halo back: webhook removed,"
        + " link gone");
  }

  @Test
  void skipRemoteCleanupAnnotationFinishesAtOnceWithAWarning() {
    Tenant t = readyLinkWithWebhook("delskip");
    t.instance().down(true);
    delete("delskip");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> events("delskip", "RemoteCleanupRetrying") >= 1);
    world.edit("delskip", x -> {
      x.getMetadata().getAnnotations().put(HaloLink.SKIP_REMOTE_CLEANUP_ANNOTATION, "true");
      return x;
    });
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> world.get("delskip") == null);
    assertThat(events("delskip", "RemoteCleanupSkipped")).isEqualTo(1);
    Event skipped = world.events("delskip").stream().filter(e -> "RemoteCleanupSkipped".equals(e.getReason()))
        .findFirst().orElseThrow();
    assertThat(skipped.getMessage()).contains("by hand");
    assertThat(t.instance().webhooks()).as("left in Halo, as the annotation says").hasSize(1);
    Figures.record("DeletionTest", "skip-remote-cleanup annotation while Halo is down: link released, 1 Warning event");
  }

  @Test
  void linksWhoseSpecCannotBeReadAreReleasedWithAWarning() {
    // what the sandbox stores unchecked (a real API server refuses these): no credentials, wrong types
    Map<String, String> specs = Map.of(
        "delbare", "",
        "delbadref", "\"resourceServer\":\"http://127.0.0.1:1/x\",\"credentialsSecretRef\":42",
        "delbadbool", "\"resourceServer\":\"http://127.0.0.1:1/x\",\"credentialsSecretRef\":{\"name\":\"c\"},"
            + "\"suspend\":\"yes\"");
    specs.forEach((name, spec) -> world.kube.genericKubernetesResources(HaloLink.GROUP + "/" + HaloLink.VERSION,
        "HaloLink").inNamespace(OperatorFixture.NS).resource(io.fabric8.kubernetes.client.utils.Serialization
        .unmarshal("{\"apiVersion\":\"" + HaloLink.GROUP + "/" + HaloLink.VERSION + "\",\"kind\":\"HaloLink\","
            + "\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{" + spec + "}}",
            io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create());
    for (String name : specs.keySet()) {
      world.awaitCondition(name, "Ready", "False", "InvalidSpec");
      delete(name);
    }
    for (String name : specs.keySet()) {
      Awaitility.await(name).atMost(Duration.ofSeconds(10)).until(() -> world.get(name) == null);
      assertThat(events(name, "RemoteCleanupSkipped")).as(name).isEqualTo(1);
    }
    Figures.record("DeletionTest", specs.size() + " links whose spec cannot be read: released at once on deletion,"
        + " 1 Warning event each");
  }

  @Test
  void aWebhookWhosePasswordSecretIsGoneIsStillRemoved() {
    Tenant t = world.tenant("delhookauth");
    world.credentials("delhookauth-creds", t);
    world.secret("delhookauth-basic", Map.of("username", "platform", "password", world.newSecretValue()));
    HaloLink l = link("delhookauth", t.instance().baseUrl(), "delhookauth-creds");
    WebhookSpec hook = new WebhookSpec("alerts", "https://platform.example/hooks/halo", List.of(1));
    var ref = new io.psalink.api.v1alpha1.BasicAuthSecretRef();
    ref.setName("delhookauth-basic");
    hook.setBasicAuthSecretRef(ref);
    l.getSpec().setWebhooks(List.of(hook));
    world.apply(l);
    world.awaitReady("delhookauth");
    assertThat(t.instance().webhooks()).hasSize(1);
    world.kube.secrets().inNamespace(OperatorFixture.NS).withName("delhookauth-basic").delete();
    delete("delhookauth");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> world.get("delhookauth") == null);
    assertThat(t.instance().webhooks()).as("removal needs the credentials, not the webhook's password").isEmpty();
    assertThat(events("delhookauth", "RemoteCleanupSkipped")).isZero();
  }

  @Test
  void linkWhoseSecretIsGoneIsReleasedWithAWarning() {
    readyLinkWithWebhook("delnosecret");
    world.kube.secrets().inNamespace(OperatorFixture.NS).withName("delnosecret-creds").delete();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> world.kube.secrets()
        .inNamespace(OperatorFixture.NS).withName("delnosecret-creds").get() == null);
    delete("delnosecret");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> world.get("delnosecret") == null);
    assertThat(events("delnosecret", "RemoteCleanupSkipped")).isEqualTo(1);
    Figures.record("DeletionTest", "Secret gone before deletion: link released at once, 1 Warning event");
  }
}
