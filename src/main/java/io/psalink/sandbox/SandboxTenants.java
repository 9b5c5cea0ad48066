package io.psalink.sandbox;

import io.psalink.api.v1alpha1.HaloLinkSpec;
import io.psalink.sandbox.halo.Agent;
import io.psalink.sandbox.halo.HaloSimulator;
import io.psalink.sandbox.halo.Instance;
import java.util.HashSet;
import java.util.Set;

/**
 * The simulated Halo tenants the examples under {@code examples/} point at. The credentials are the sandbox's
 * own, printed in the example Secrets on purpose: they open nothing but this simulator.
 */
public final class SandboxTenants {
  /** The port the examples name; the sandbox rewrites it when the simulator listens elsewhere. */
  public static final int EXAMPLES_PORT = 18080;

  private SandboxTenants() {}

  public static void install(HaloSimulator halo) {
    Set<String> all = Set.copyOf(HaloLinkSpec.DEFAULT_PERMISSIONS);
    tenant(halo, "acme", all, true);
    Set<String> globex = new HashSet<>(all);
    globex.removeAll(Set.of("admin:webhooks", "edit:invoices"));
    tenant(halo, "globex", globex, true);
    tenant(halo, "initech", all, true);
    tenant(halo, "umbrella", all, false);
    tenant(halo, "hooli", all, true);
  }

  private static void tenant(HaloSimulator halo, String name, Set<String> permissions, boolean apiOnly) {
    Instance instance = halo.instance(name);
    Agent agent = instance.addAgent(name + "_api").setApiOnly(apiOnly);
    instance.addApplication(name + "-client", name + "-sandbox-secret", permissions, agent);
  }
}
