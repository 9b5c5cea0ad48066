package io.psalink.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.api.v1alpha1.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every reason a condition can carry has its row in the README's troubleshooting table. */
class ReasonsDocumentedTest {
  @Test
  void everyReasonHasATroubleshootingRow() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    assertThat(Arrays.stream(Reason.values()).map(Enum::name))
        .allSatisfy(r -> assertThat(readme).as("README row for " + r).contains("| `" + r + "` |"));
  }
}
