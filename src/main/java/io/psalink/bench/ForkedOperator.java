package io.psalink.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The operator in a child JVM ({@link OperatorProcess}) started with the given JVM options and this class path. */
final class ForkedOperator implements OperatorSide {
  private final Process process;
  private final BufferedWriter commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final ObjectMapper json = new ObjectMapper();
  private final Thread reader;

  ForkedOperator(Options options, List<String> jvmOptions, Path log) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(OperatorProcess.class.getName());
    try {
      command.add(json.writeValueAsString(options));
      Files.createDirectories(log.toAbsolutePath().getParent());
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the operator JVM", e);
    }
    commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    reader = new Thread(() -> pump(log), "bench-operator-output");
    reader.setDaemon(true);
    reader.start();
    expect("ready", 120);
  }

  /** Answers go to the queue, everything else to the log file. */
  private void pump(Path log) {
    try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith(OperatorProcess.PREFIX)) {
          answers.add(line.substring(OperatorProcess.PREFIX.length()));
        } else {
          file.write(line);
          file.write('\n');
        }
      }
    } catch (IOException e) {
      answers.add("error " + e.getMessage());
    }
    answers.add("error operator JVM ended (exit " + (process.isAlive() ? "?" : process.exitValue()) + "), see " + log);
  }

  private synchronized String ask(String command, int timeoutSeconds) {
    try {
      commands.write(command);
      commands.newLine();
      commands.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("operator JVM is gone", e);
    }
    return take(timeoutSeconds);
  }

  private String take(int timeoutSeconds) {
    try {
      String answer = answers.poll(timeoutSeconds, TimeUnit.SECONDS);
      if (answer == null || answer.startsWith("error")) {
        throw new IllegalStateException("operator JVM: " + (answer == null ? "no answer" : answer));
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private void expect(String word, int timeoutSeconds) {
    String answer = take(timeoutSeconds);
    if (!answer.equals(word)) {
      throw new IllegalStateException("operator JVM said " + answer + ", expected " + word);
    }
  }

  @Override
  public Report report(boolean gc) {
    try {
      return json.readValue(ask(gc ? "report-gc" : "report", 60), Report.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void resetPeaks() {
    ask("reset", 30);
  }

  @Override
  public boolean separateProcess() {
    return true;
  }

  @Override
  public void close() {
    try {
      ask("stop", 30);
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (RuntimeException | InterruptedException e) {
      // fall through to destroy
    }
    process.destroyForcibly();
  }
}
