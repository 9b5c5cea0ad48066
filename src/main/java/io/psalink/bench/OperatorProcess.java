package io.psalink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The operator side of a bench in a JVM of its own, so that its heap, RSS and CPU are its own. Driven by
 * {@link Forked} over standard input and output, one line each way: {@code report}, {@code report-gc},
 * {@code reset}, {@code stop}. Answers start with {@link #PREFIX}; every other output line is the operator's log.
 */
public final class OperatorProcess {
  static final String PREFIX = "@bench ";

  private OperatorProcess() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    PrintStream out = System.out;
    OperatorSide.Options options = json.readValue(args[0], OperatorSide.Options.class);
    try (ProcessStats stats = new ProcessStats(Duration.ofMillis(20));
        OperatorSide.InProcess operator = new OperatorSide.InProcess(options, stats)) {
      reply(out, "ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        switch (line.strip()) {
          case "report" -> reply(out, json.writeValueAsString(operator.report(false)));
          case "report-gc" -> reply(out, json.writeValueAsString(operator.report(true)));
          case "reset" -> {
            operator.resetPeaks();
            reply(out, "ok");
          }
          case "stop" -> {
            reply(out, "bye");
            return;
          }
          default -> reply(out, "error unknown command");
        }
      }
    } finally {
      out.flush();
      System.exit(0); // JOSDK leaves non-daemon threads behind
    }
  }

  private static void reply(PrintStream out, String text) {
    synchronized (out) {
      out.println(PREFIX + text);
      out.flush();
    }
  }
}
