package io.psalink.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** psa-link-operator: one jar, three commands. */
@Command(name = "psa-link-operator", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Links HaloPSA tenants to the platform: checks the API setup and keeps webhooks registered.",
    subcommands = {RunCommand.class, CheckCommand.class, SandboxCommand.class, io.psalink.bench.BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs a command line and returns its exit code: 0 success, 1 not Ready or failed, 2 usage error. */
  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required: run, check or sandbox");
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"psa-link-operator " + (v == null ? "dev" : v)};
    }
  }
}
