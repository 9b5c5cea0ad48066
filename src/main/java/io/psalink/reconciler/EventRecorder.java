package io.psalink.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.psalink.api.v1alpha1.HaloLink;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on HaloLinks, for {@code kubectl describe}. Failing to record never fails a pass. */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  static final String COMPONENT = "psa-link-operator";

  public enum Type { Normal, Warning }

  private final KubernetesClient client;

  public EventRecorder(KubernetesClient client) {
    this.client = client;
  }

  public void record(HaloLink link, Type type, String reason, String message) {
    var meta = link.getMetadata();
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    var event = new EventBuilder()
        .withNewMetadata()
          .withNamespace(meta.getNamespace())
          .withName(meta.getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", ""))
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(link.getApiVersion()).withKind(link.getKind())
            .withNamespace(meta.getNamespace()).withName(meta.getName()).withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion()).build())
        .withType(type.name())
        .withReason(reason)
        .withMessage(message.length() > 1024 ? message.substring(0, 1021) + "..." : message)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .build();
    try {
      client.v1().events().inNamespace(meta.getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn("could not record event {} for {}/{}: HTTP {}", reason, meta.getNamespace(), meta.getName(), e.getCode());
    }
  }
}
