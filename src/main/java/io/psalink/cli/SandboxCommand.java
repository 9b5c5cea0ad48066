package io.psalink.cli;

import io.psalink.api.v1alpha1.HaloLink;
import io.psalink.reconciler.OperatorRuntime;
import io.psalink.reconciler.ReconcileSettings;
import io.psalink.reconciler.SpecValidation;
import io.psalink.sandbox.Sandbox;
import io.psalink.sandbox.SandboxTenants;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The product on one machine: embedded Kubernetes API, Halo simulator, operator and the example links. */
@Command(name = "sandbox", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the whole product on this machine: embedded Kubernetes API, Halo simulator, operator.",
        "Applies the examples and prints the links (NAME, READY, REASON, MESSAGE) whenever they change, until"
            + " interrupted. kubectl works against it with the kubeconfig it writes."})
public final class SandboxCommand implements Callable<Integer> {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--once", description = "Print the settled table and exit: 0 when every link settled, 1 if not.")
  boolean once;

  @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples",
      description = "Directory of YAML files to apply (default: ${DEFAULT-VALUE}).")
  Path examples;

  @Option(names = "--kubeconfig", paramLabel = "PATH", defaultValue = ".sandbox/kubeconfig",
      description = "Where to write the kubeconfig for kubectl (default: ${DEFAULT-VALUE}).")
  Path kubeconfig;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Port of the embedded Kubernetes API (default: any free port).")
  int port;

  @Option(names = "--halo-port", paramLabel = "PORT", defaultValue = "" + SandboxTenants.EXAMPLES_PORT,
      description = "Port of the Halo simulator (default: ${DEFAULT-VALUE}, the one the examples name; 0 for any).")
  int haloPort;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
      description = "With --once: how long to wait for the links to settle (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--verify-interval", paramLabel = "DURATION", defaultValue = "1m",
      description = "Default re-check interval of the sandbox operator (default: ${DEFAULT-VALUE}).")
  String verifyInterval;

  @Override
  public Integer call() throws Exception {
    if (!Files.isDirectory(examples)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--examples " + examples
          + " is not a directory (run from the repository root, or pass --examples DIR)");
    }
    Duration wait = parse("--timeout", timeout);
    Duration interval = parse("--verify-interval", verifyInterval);
    PrintWriter out = spec.commandLine().getOut();
    var settings = OperatorRuntime.Settings.defaults()
        .withReconcile(new ReconcileSettings(interval, SpecValidation.MIN_VERIFY_INTERVAL));
    try (Sandbox sandbox = start(settings)) {
      Path config = sandbox.kube().writeKubeconfig(kubeconfig.toAbsolutePath());
      out.printf("Kubernetes API: %s%nHalo simulator: http://127.0.0.1:%d%nkubeconfig:     %s%n"
              + "Try: kubectl --kubeconfig %s get hl%n%n", sandbox.kube().url(), sandbox.halo().port(), config,
          config);
      out.flush();
      sandbox.applyExamples(examples);
      return once ? printSettled(sandbox, out, wait) : follow(sandbox, out);
    }
  }

  private Sandbox start(OperatorRuntime.Settings settings) {
    try {
      return Sandbox.start(port, haloPort, settings);
    } catch (RuntimeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.net.BindException) {
          throw new CommandLine.ParameterException(spec.commandLine(), "a port the sandbox needs is in use (--halo-port "
              + haloPort + (port == 0 ? "" : ", --port " + port) + "): stop what listens there, or pass --halo-port 0"
              + (port == 0 ? "" : " or --port 0") + ".");
        }
      }
      throw e;
    }
  }

  private Duration parse(String option, String text) {
    try {
      return io.psalink.reconciler.Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  private static int printSettled(Sandbox sandbox, PrintWriter out, Duration wait) throws InterruptedException {
    Instant deadline = Instant.now().plus(wait);
    List<HaloLink> links = sandbox.links();
    while (!Sandbox.settled(links) && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      links = sandbox.links();
    }
    out.print(Sandbox.table(links));
    out.flush();
    if (!Sandbox.settled(links)) {
      out.println("Not every link settled within " + wait.toSeconds() + "s.");
      out.flush();
      return 1;
    }
    return 0;
  }

  private static int follow(Sandbox sandbox, PrintWriter out) throws InterruptedException {
    String last = "";
    while (!Thread.currentThread().isInterrupted()) {
      String table = Sandbox.table(sandbox.links());
      if (!table.equals(last)) {
        out.println(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        out.print(table);
        out.println();
        out.flush();
        last = table;
      }
      Thread.sleep(500);
    }
    return 0;
  }
}
