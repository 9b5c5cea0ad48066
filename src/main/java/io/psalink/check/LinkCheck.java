package io.psalink.check;

import static io.psalink.api.v1alpha1.ConditionTypes.AGENT_VERIFIED;
import static io.psalink.api.v1alpha1.ConditionTypes.AUTHENTICATED;
import static io.psalink.api.v1alpha1.ConditionTypes.PERMISSIONS_GRANTED;
import static io.psalink.api.v1alpha1.ConditionTypes.WEBHOOKS_REGISTERED;

import io.psalink.api.v1alpha1.HaloLinkStatus.AgentStatus;
import io.psalink.api.v1alpha1.HaloLinkStatus.EndpointStatus;
import io.psalink.api.v1alpha1.HaloLinkStatus.PermissionsStatus;
import io.psalink.api.v1alpha1.HaloLinkStatus.WebhookStatus;
import io.psalink.api.v1alpha1.Reason;
import io.psalink.halo.AccessToken;
import io.psalink.halo.HaloAgent;
import io.psalink.halo.HaloClient;
import io.psalink.halo.HaloException;
import io.psalink.halo.HaloSession;
import io.psalink.halo.HaloWebhook;
import io.psalink.halo.ResolvedEndpoints;
import io.psalink.status.Finding;
import io.psalink.status.Halt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The checks of one link against the live Halo API, in the order of Halo's setup guide: endpoint and token,
 * then the login-as agent, the permissions and the webhook list (independent, so in parallel), then the webhook
 * writes. Knows nothing of Kubernetes: the operator and the {@code check} command both run it.
 */
public final class LinkCheck {
  /** Whether to write webhooks (the operator) or leave Halo untouched (the one-shot check). */
  public enum WebhookMode { SYNC, SKIP }

  private final HaloClient client;
  private final Executor parallel;
  private final Wording wording;

  /** The operator's checks, whose messages name the HaloLink's fields. */
  public LinkCheck(HaloClient client, Executor parallel) {
    this(client, parallel, Wording.HALO_LINK);
  }

  /**
   * @param parallel runs the independent calls of a pass; {@code Runnable::run} makes them sequential
   * @param wording how messages name what the user set
   */
  public LinkCheck(HaloClient client, Executor parallel, Wording wording) {
    this.client = client;
    this.parallel = parallel;
    this.wording = wording;
  }

  public CheckResult run(LinkInputs in, WebhookMode mode) {
    return run(in, mode, () -> {});
  }

  /**
   * @param beforeWrites runs on the calling thread just before the first write to Halo (the webhook step), after
   *     the reads; whatever it throws, other than a {@link HaloException}, ends the pass and reaches the caller
   */
  public CheckResult run(LinkInputs in, WebhookMode mode, Runnable beforeWrites) {
    return new Pass(client.session(in.target()), in, mode, beforeWrites).run();
  }

  /** Deletes every webhook in Halo that carries this link's marker; returns how many. 404 counts as done. */
  public int removeWebhooks(LinkInputs in) throws HaloException {
    return WebhookSync.deleteOwned(client.session(in.target()), in.owner());
  }

  /** One pass; collects findings as it goes so a halt keeps what was learnt before it. */
  private final class Pass {
    private final HaloSession session;
    private final LinkInputs in;
    private final WebhookMode mode;
    private final Runnable beforeWrites;
    private final List<Finding> findings = new ArrayList<>();
    private EndpointStatus endpoint;
    private AgentStatus agent;
    private PermissionsStatus permissions;
    private List<WebhookStatus> webhooks;

    Pass(HaloSession session, LinkInputs in, WebhookMode mode, Runnable beforeWrites) {
      this.session = session;
      this.in = in;
      this.mode = mode;
      this.beforeWrites = beforeWrites;
    }

    CheckResult run() {
      Halt halt = null;
      try {
        steps();
      } catch (HaloException e) {
        halt = FailureReasons.halt(e.failure(), wording);
        if (!halt.isTransient() && findings.isEmpty()) {
          // a configuration problem before any token: authentication is what failed
          findings.add(Finding.failed(AUTHENTICATED, halt.reason(), halt.message()));
        }
      }
      return new CheckResult(List.copyOf(findings), halt, endpoint, agent, permissions, webhooks,
          session.requestCount());
    }

    private void steps() throws HaloException {
      ResolvedEndpoints resolved = session.endpoints();
      endpoint = new EndpointStatus(resolved.api().toString(), resolved.token().toString());
      AccessToken token = session.token();
      findings.add(Finding.passed(AUTHENTICATED, "Authenticated as client " + in.target().credentials().clientId()
          + "."));

      boolean listWebhooks = mode == WebhookMode.SYNC;
      CompletableFuture<HaloAgent> me = async(session::me);
      PermissionSet.Probes probes = PermissionSet.probe(in.permissions(), token, session, parallel,
          listWebhooks ? PermissionSet.WEBHOOK_PERMISSION : null);
      CompletableFuture<List<HaloWebhook>> existing = listWebhooks ? async(session::webhooks) : null;

      agentFinding(await(me));
      PermissionSet.Outcome outcome = probes.outcome(existing == null ? null : webhookListResult(existing));
      permissions = outcome.status();
      findings.add(outcome.finding());
      if (existing != null) {
        webhookFinding(existing);
      } else {
        findings.add(Finding.passed(WEBHOOKS_REGISTERED, "Webhooks are not synchronised by a one-shot check."));
      }
    }

    private void agentFinding(HaloAgent a) {
      agent = new AgentStatus(a.id(), a.name(), a.apiOnly(), !a.disabled());
      String expected = in.expectedAgent();
      if (a.disabled()) {
        findings.add(Finding.failed(AGENT_VERIFIED, Reason.AgentDisabled, "The application logs in as agent "
            + a.name() + ", which is disabled: enable it in Halo under Configuration > Teams & Agents > Agents."));
      } else if (!a.apiOnly()) {
        findings.add(Finding.failed(AGENT_VERIFIED, Reason.AgentNotApiOnly, "The application logs in as agent "
            + a.name() + ", which is not an API-only agent: tick \"Is an API-only Agent\" on that agent in Halo, or"
            + " make the application log in as an API-only agent."));
      } else if (expected != null && !expected.isBlank() && !expected.equalsIgnoreCase(a.name())) {
        findings.add(Finding.failed(AGENT_VERIFIED, Reason.AgentMismatch, "The application logs in as agent "
            + a.name() + " but " + wording.agentName() + " is " + expected + ": change the application's Agent to"
            + " Log in As in Halo, or correct " + wording.agentName() + "."));
      } else {
        findings.add(Finding.passed(AGENT_VERIFIED, "Logs in as API-only agent " + a.name() + "."));
      }
    }

    /** The webhook list doubles as the admin:webhooks probe; a 403 there means that permission is missing. */
    private PermissionSet.ListResult webhookListResult(CompletableFuture<List<HaloWebhook>> existing) {
      try {
        existing.join();
        return PermissionSet.ListResult.GRANTED;
      } catch (CompletionException e) {
        if (e.getCause() instanceof HaloException he && PermissionSet.isForbidden(he)) {
          return PermissionSet.ListResult.FORBIDDEN;
        }
        return PermissionSet.ListResult.FAILED;
      }
    }

    private void webhookFinding(CompletableFuture<List<HaloWebhook>> existing) throws HaloException {
      List<HaloWebhook> inHalo;
      try {
        inHalo = await(existing);
      } catch (HaloException e) {
        if (!PermissionSet.isForbidden(e)) {
          throw e;
        }
        findings.add(Finding.failed(WEBHOOKS_REGISTERED, Reason.MissingPermissions, "Halo refuses to list webhooks:"
            + " grant admin:webhooks to the API application."));
        return;
      }
      beforeWrites.run();
      try {
        webhooks = WebhookSync.sync(session, inHalo, in.webhooks(), in.owner(),
            in.target().credentials().clientSecret());
      } catch (HaloException e) {
        Halt h = FailureReasons.halt(e.failure(), wording);
        if (h.isTransient()) {
          throw e;
        }
        findings.add(Finding.failed(WEBHOOKS_REGISTERED, Reason.WebhookRegistrationFailed,
            "Halo refused a webhook write: " + e.getMessage()));
        return;
      }
      findings.add(Finding.passed(WEBHOOKS_REGISTERED, webhooks.isEmpty() ? "No webhooks requested."
          : webhooks.size() + " webhook" + (webhooks.size() == 1 ? "" : "s") + " registered."));
    }

    private <T> CompletableFuture<T> async(HaloCall<T> call) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return call.call();
        } catch (HaloException e) {
          throw new CompletionException(e);
        }
      }, parallel);
    }
  }

  static <T> T await(CompletableFuture<T> f) throws HaloException {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof HaloException he) {
        throw he;
      }
      throw e;
    }
  }

  @FunctionalInterface
  interface HaloCall<T> {
    T call() throws HaloException;
  }
}
