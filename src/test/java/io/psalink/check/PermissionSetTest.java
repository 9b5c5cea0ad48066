package io.psalink.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.HaloLinkStatus.PermissionsStatus;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionSetTest {
  @Test
  void scopeCoversListedImpliedAndAll() {
    assertThat(PermissionSet.covers(Set.of("read:tickets"), "read:tickets")).isTrue();
    assertThat(PermissionSet.covers(Set.of("edit:tickets"), "read:tickets")).isTrue();
    assertThat(PermissionSet.covers(Set.of("read:tickets"), "edit:tickets")).isFalse();
    assertThat(PermissionSet.covers(Set.of("all"), "edit:invoices")).isTrue();
    assertThat(PermissionSet.covers(Set.of("edit:items"), "read:invoices")).isFalse();
  }

  @Test
  void missingPermissionsAreNamedWithWhereToFixThem() {
    var f = PermissionSet.finding(new PermissionsStatus(List.of("read:tickets"), List.of("read:items",
        "edit:invoices"), List.of()));
    assertThat(f.isTrue()).isFalse();
    assertThat(f.message()).contains("read:items, edit:invoices").contains("Permissions");
  }

  @Test
  void unverifiedPermissionsDoNotBlockButAreNamed() {
    var f = PermissionSet.finding(new PermissionsStatus(List.of("read:tickets"), List.of(), List.of("edit:tickets")));
    assertThat(f.isTrue()).isTrue();
    assertThat(f.message()).contains("edit:tickets");
  }
}
