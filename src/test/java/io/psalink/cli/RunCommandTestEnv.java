package io.psalink.cli;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code run} command's options as its users see them: by flag and by environment variable. Resolves
 * the {@code ${env:NAME:-default}} defaults against a given map instead of the process environment (which a
 * test must not change), with picocli's own parsing, conversion and RunCommand's validation.
 */
public final class RunCommandTestEnv {
  /** picocli's environment lookup in a default value: {@code ${env:NAME}} or {@code ${env:NAME:-fallback}}. */
  static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private RunCommandTestEnv() {}

  /** What {@code run} resolved, after validation. */
  public record Resolved(String watchNamespaces, boolean leaderElection, String leaseNamespace, String identity,
      String verifyInterval, int reconcileThreads, String logFormat, int opsPort, int haloRateLimit,
      String haloRateWindow) {}

  /** Environment variable name to the long option it sets, read from the options' declared defaults. */
  public static Map<String, String> envOptions() {
    CommandLine root = rawRoot();
    Map<String, String> byEnv = new TreeMap<>();
    for (OptionSpec option : root.getSubcommands().get("run").getCommandSpec().options()) {
      String raw = option.defaultValue();
      if (raw == null) {
        continue;
      }
      Matcher m = ENV.matcher(raw);
      while (m.find()) {
        String previous = byEnv.put(m.group(1), option.longestName());
        if (previous != null) {
          throw new AssertionError("env " + m.group(1) + " sets both " + previous + " and " + option.longestName());
        }
      }
    }
    return byEnv;
  }

  /** The subcommand names of the program (what a container's first argument may be). */
  public static List<String> commands() {
    return List.copyOf(rawRoot().getSubcommands().keySet());
  }

  /**
   * Parses {@code args} (starting with {@code run}) as the program would with {@code env} as its
   * environment, then validates as {@code run} does before starting.
   *
   * @throws CommandLine.ParameterException what the program would report as a usage error (exit 2)
   */
  public static Resolved resolve(Map<String, String> env, String... args) {
    CommandLine root = rawRoot();
    root.setDefaultValueProvider(argSpec -> fromEnv(argSpec, env));
    CommandLine.ParseResult parsed = root.parseArgs(args);
    if (!parsed.hasSubcommand() || !(parsed.subcommand().commandSpec().userObject() instanceof RunCommand run)) {
      throw new AssertionError("not the run command: " + List.of(args));
    }
    run.validate();
    return new Resolved(run.watchNamespaces, run.leaderElection, run.leaseNamespace, run.identity,
        run.verifyInterval, run.reconcileThreads, run.logFormat, run.opsPort, run.haloRateLimit, run.haloRateWindow);
  }

  /** The program's command line with variable interpolation off, so that defaults read as declared. */
  private static CommandLine rawRoot() {
    CommandLine root = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    root.setInterpolateVariables(false);
    return root;
  }

  private static String fromEnv(ArgSpec arg, Map<String, String> env) {
    String raw = arg.defaultValue();
    if (raw == null) {
      return null;
    }
    Matcher m = ENV.matcher(raw);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : Objects.toString(m.group(2), "")));
    }
    m.appendTail(out);
    return out.toString();
  }
}
