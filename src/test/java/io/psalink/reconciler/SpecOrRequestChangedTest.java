package io.psalink.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.api.v1alpha1.HaloLinkStatus;
import io.psalink.testing.OperatorFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Which updates of a link start a pass: the user's, never the operator's own writes. */
class SpecOrRequestChangedTest {
  private final SpecOrRequestChanged filter = new SpecOrRequestChanged();

  private static HaloLink link() {
    HaloLink l = OperatorFixture.link("l", "https://acme.halopsa.com", "creds");
    l.getMetadata().setGeneration(1L);
    l.getMetadata().setFinalizers(new ArrayList<>(List.of("other.example/keep")));
    return l;
  }

  private boolean accepts(Consumer<HaloLink> change) {
    return accepts(link(), change);
  }

  private boolean accepts(HaloLink old, Consumer<HaloLink> change) {
    HaloLink updated = io.fabric8.kubernetes.client.utils.Serialization.clone(old);
    change.accept(updated);
    return filter.accept(updated, old);
  }

  @Test
  void theOperatorsOwnWritesStartNoPass() {
    assertThat(accepts(l -> l.setStatus(new HaloLinkStatus()))).as("status write").isFalse();
    assertThat(accepts(l -> l.addFinalizer(HaloLink.FINALIZER))).as("its finalizer added").isFalse();
    assertThat(accepts(l -> l.getMetadata().setFinalizers(List.of()))).as("another controller's finalizer")
        .isFalse();
  }

  @Test
  void theUsersChangesDo() {
    assertThat(accepts(l -> l.getMetadata().setGeneration(2L))).as("spec change").isTrue();
    assertThat(accepts(l -> l.getMetadata().setAnnotations(java.util.Map.of(HaloLink.REQUESTED_AT_ANNOTATION,
        "2026-12-04T10:00:00Z")))).as("re-check request").isTrue();
    assertThat(accepts(l -> l.getMetadata().setDeletionTimestamp("2026-12-04T10:00:00Z"))).as("deletion").isTrue();
    HaloLink held = link();
    held.addFinalizer(HaloLink.FINALIZER);
    assertThat(accepts(held, l -> l.removeFinalizer(HaloLink.FINALIZER))).as("its finalizer removed by hand")
        .isTrue();
  }
}
