package io.psalink.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Condition;
import io.psalink.api.v1alpha1.ConditionTypes;
import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.api.v1alpha1.Reason;
import io.psalink.check.CheckResult;
import io.psalink.check.LinkCheck;
import io.psalink.check.LinkInputs;
import io.psalink.check.Wording;
import io.psalink.halo.PrivateCa;
import io.psalink.reconciler.SpecValidation;
import io.psalink.halo.HaloClient;
import io.psalink.halo.HaloCredentials;
import io.psalink.halo.HaloEndpoint;
import io.psalink.halo.HaloTarget;
import io.psalink.halo.InvalidEndpointException;
import io.psalink.status.Halt;
import io.psalink.status.StatusAggregator;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The operator's checks, once, against any Halo, without Kubernetes. Exit 0 when Ready, 1 when not, 2 on usage. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Checks a Halo API application the way the operator does, once, and prints the conditions.",
        "The client secret is read from --client-secret-file or the HALO_CLIENT_SECRET environment variable,"
            + " never from the command line.",
        "Exit status: 0 Ready, 1 not Ready, 2 usage error."})
public final class CheckCommand implements Callable<Integer> {
  static final String SECRET_ENV = "HALO_CLIENT_SECRET";

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--resource-server", required = true, paramLabel = "URL",
      description = "Halo's Resource Server, e.g. https://acme.halopsa.com (a trailing /api is accepted).")
  String resourceServer;

  @Option(names = "--tenant", paramLabel = "NAME", description = "Tenant name of a hosted Halo (sent as ?tenant=).")
  String tenant;

  @Option(names = "--auth-server", paramLabel = "URL", description = "Authorisation server; default: discovered.")
  String authServer;

  @Option(names = "--client-id", required = true, paramLabel = "ID", description = "The API application's Client ID.")
  String clientId;

  @Option(names = "--client-secret-file", paramLabel = "PATH",
      description = "File holding the Client Secret (default: the " + SECRET_ENV + " environment variable).")
  Path clientSecretFile;

  /** Refused: a secret on the command line lands in shell history and process lists. Never echoed. */
  @Option(names = {"--client-secret", "--secret"}, hidden = true, arity = "0..1", paramLabel = "SECRET")
  String secretOnCommandLine;

  @Option(names = "--ca-file", paramLabel = "PATH",
      description = "PEM certificate of the private CA that signed a self-hosted Halo's certificate; only it is"
          + " then trusted (default: the system's trusted CAs).")
  Path caFile;

  @Option(names = "--permission", paramLabel = "SCOPE",
      description = "A permission to check; repeatable. Default: the ten the platform needs.")
  List<String> permissions;

  @Option(names = "--agent", paramLabel = "NAME", description = "The agent the application must log in as.")
  String agent;

  @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "table",
      description = "table or json (default: ${DEFAULT-VALUE}).")
  Format output;

  enum Format { table, json }

  /** Where the secret comes from when no file is given; replaced in tests. */
  java.util.function.Function<String, String> environment = System::getenv;

  @Override
  public Integer call() throws IOException {
    if (spec.commandLine().getParseResult().hasMatchedOption("--client-secret")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--client-secret is not accepted: a secret on the"
          + " command line ends up in shell history and process lists. Use --client-secret-file PATH or the "
          + SECRET_ENV + " environment variable.");
    }
    if (clientId.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--client-id must not be empty");
    }
    for (String p : permissions == null ? List.<String>of() : permissions) {
      if (!SpecValidation.isPermission(p.strip())) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--permission '" + p + "' is not a Halo"
            + " permission such as read:tickets");
      }
    }
    String secret = clientSecret();
    String caPem = caPem();
    List<String> scopes = permissions == null || permissions.isEmpty() ? HaloLinkSpec.DEFAULT_PERMISSIONS : permissions;
    StatusAggregator status = new StatusAggregator(null, 0L, Instant.now());
    CheckResult result = null;
    try (HaloClient client = new HaloClient(HaloClient.defaultHttp(), java.time.Clock.systemUTC())) {
      // a Resource Server that is not one is a verdict, InvalidResourceServer, as the operator gives it
      HaloTarget target = target(secret, scopes, caPem);
      ExecutorService parallel = Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "check");
        t.setDaemon(true);
        return t;
      });
      try {
        result = new LinkCheck(client, parallel, Wording.COMMAND_LINE)
            .run(new LinkInputs(target, scopes, agent, List.of(), "check"), LinkCheck.WebhookMode.SKIP);
      } finally {
        parallel.shutdownNow();
      }
      result.findings().forEach(status::record);
      if (result.halt() != null) {
        status.halt(result.halt());
      }
    } catch (InvalidEndpointException e) {
      status.halt(new Halt(Reason.InvalidResourceServer, e.getMessage()));
    } catch (IllegalArgumentException e) {
      status.halt(new Halt(Reason.InvalidSpec, e.getMessage()));
    }
    List<Condition> conditions = status.conditions();
    boolean ready = conditions.stream().anyMatch(c -> ConditionTypes.READY.equals(c.getType())
        && "True".equals(c.getStatus()));
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.json) {
      out.println(json(ready, conditions, result));
    } else {
      out.print(table(conditions, result));
    }
    out.flush();
    return ready ? 0 : 1;
  }

  private HaloTarget target(String secret, List<String> scopes, String caPem) throws InvalidEndpointException {
    HaloEndpoint endpoint = HaloEndpoint.parse(resourceServer);
    URI auth = authServer == null || authServer.isBlank() ? null : HaloEndpoint.parseAuthServer(authServer);
    return new HaloTarget(endpoint, tenant, auth, new HaloCredentials(clientId.strip(), secret), scopes, caPem);
  }

  /** The CA file's text, or null; whether it holds a certificate is the check's to say (CertificateUntrusted). */
  private String caPem() throws IOException {
    if (caFile == null) {
      return null;
    }
    if (!Files.isRegularFile(caFile) || !Files.isReadable(caFile)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ca-file " + caFile + " is not a readable file");
    }
    String pem = text(caFile, "--ca-file");
    if (pem.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ca-file " + caFile + " is empty");
    }
    if (!PrivateCa.holdsCertificate(pem)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--ca-file " + caFile + " holds no PEM"
          + " certificate (-----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----)");
    }
    return pem;
  }

  private String clientSecret() throws IOException {
    String secret;
    if (clientSecretFile != null) {
      if (!Files.isRegularFile(clientSecretFile) || !Files.isReadable(clientSecretFile)) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--client-secret-file " + clientSecretFile + " is not a readable file");
      }
      secret = text(clientSecretFile, "--client-secret-file");
    } else {
      secret = environment.apply(SECRET_ENV);
    }
    if (secret == null || secret.isBlank()) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "the client secret is missing: use --client-secret-file PATH or set " + SECRET_ENV);
    }
    return secret.strip();
  }

  /** A file's UTF-8 text; a binary file is a usage error (the message never shows its content). */
  private String text(Path file, String option) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), option + " " + file + " is not UTF-8 text");
    }
  }

  static String json(boolean ready, List<Condition> conditions, CheckResult r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("ready", ready);
    List<Map<String, Object>> cs = new ArrayList<>();
    for (Condition c : conditions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.getType());
      m.put("status", c.getStatus());
      m.put("reason", c.getReason());
      m.put("message", c.getMessage());
      cs.add(m);
    }
    doc.put("conditions", cs);
    doc.put("endpoint", r == null ? null : r.endpoint());
    doc.put("agent", r == null ? null : r.agent());
    doc.put("permissions", r == null || r.permissions() == null
        ? Map.of("granted", List.of(), "missing", List.of(), "unverified", List.of()) : r.permissions());
    try {
      return new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).writeValueAsString(doc);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String table(List<Condition> conditions, CheckResult r) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-20s %-8s %-26s %s%n", "CONDITION", "STATUS", "REASON", "MESSAGE"));
    for (Condition c : conditions) {
      sb.append(String.format("%-20s %-8s %-26s %s%n", c.getType(), c.getStatus(), c.getReason(), c.getMessage()));
    }
    if (r != null && r.endpoint() != null) {
      sb.append(String.format("%nAPI:         %s%nToken:       %s%n", r.endpoint().api(), r.endpoint().token()));
    }
    if (r != null && r.agent() != null) {
      sb.append(String.format("Agent:       %s (id %d, API-only %s, active %s)%n", r.agent().name(), r.agent().id(),
          r.agent().apiOnly(), r.agent().active()));
    }
    if (r != null && r.permissions() != null) {
      sb.append(String.format("Granted:     %s%nMissing:     %s%nUnverified:  %s%n",
          String.join(" ", r.permissions().granted()), String.join(" ", r.permissions().missing()),
          String.join(" ", r.permissions().unverified())));
    }
    return sb.toString();
  }
}
