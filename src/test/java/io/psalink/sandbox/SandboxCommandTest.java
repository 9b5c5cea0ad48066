package io.psalink.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.psalink.cli.SandboxCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sandbox --once}: every example settles with the reason it was written for. */
class SandboxCommandTest {
  @TempDir
  Path dir;

  @Test
  void onceSettlesEveryExampleWithItsExpectedReason() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new SandboxCommand());
    cl.setOut(new PrintWriter(out));
    int exit = cl.execute("--once", "--halo-port", "0", "--kubeconfig", dir.resolve("kubeconfig").toString());
    String table = out.toString();
    assertThat(exit).as(table).isZero();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("acme", "True   Succeeded");
    expected.put("acme-wrong-secret", "False   InvalidClient");
    expected.put("globex", "False   MissingPermissions");
    expected.put("initech", "True   Succeeded");
    expected.put("umbrella", "False   AgentNotApiOnly");
    expected.put("hooli", "True   Succeeded");
    for (var e : expected.entrySet()) {
      assertThat(table.lines().filter(l -> l.startsWith(e.getKey() + " ")).findFirst())
          .as(e.getKey() + " in\n" + table).hasValueSatisfying(line ->
              assertThat(line.replaceAll("\\s+", " ")).contains(e.getValue().replaceAll("\\s+", " ")));
    }
    assertThat(table).contains("NAME").contains("READY").contains("REASON").contains("MESSAGE");
    assertThat(dir.resolve("kubeconfig")).exists();
  }
}
