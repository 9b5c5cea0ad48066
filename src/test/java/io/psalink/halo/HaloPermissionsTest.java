package io.psalink.halo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HaloPermissionsTest {

  @ParameterizedTest(name = "{0} is probed at {1}")
  @CsvSource({
      "read:tickets, /Tickets",
      "read:customers, /Client",
      "read:contracts, /ClientContract",
      "read:items, /Item",
      "read:invoices, /Invoice",
      "admin:webhooks, /Webhook",
      "' READ:Tickets ', /Tickets",
  })
  void readPermissionsHaveAProbe(String permission, String path) {
    assertThat(HaloPermissions.probePath(permission)).contains(path);
  }

  @ParameterizedTest
  @ValueSource(strings = {"edit:tickets", "edit:contracts", "edit:items", "edit:invoices", "all", "all:teams", "admin", "read:unicorns"})
  void writeAndBroadPermissionsHaveNoProbe(String permission) {
    assertThat(HaloPermissions.probePath(permission)).isEqualTo(Optional.empty());
  }

  @Test
  void editImpliesRead() {
    assertThat(HaloPermissions.implied("edit:tickets")).containsExactly("read:tickets");
    assertThat(HaloPermissions.implied("read:tickets")).isEmpty();
    assertThat(HaloPermissions.implied("admin:webhooks")).isEmpty();
    assertThat(HaloPermissions.withImplied(List.of("edit:items", "admin:webhooks")))
        .containsExactly("edit:items", "read:items", "admin:webhooks");
  }
}
