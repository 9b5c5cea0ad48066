package io.psalink.check;

import io.psalink.api.v1alpha1.HaloLinkStatus.AgentStatus;
import io.psalink.api.v1alpha1.HaloLinkStatus.EndpointStatus;
import io.psalink.api.v1alpha1.HaloLinkStatus.PermissionsStatus;
import io.psalink.api.v1alpha1.HaloLinkStatus.WebhookStatus;
import io.psalink.status.Finding;
import io.psalink.status.Halt;
import java.util.List;

/**
 * What one pass of the checks found. {@code halt} is set when the pass stopped early; the other fields hold
 * what was learnt before that (null when the step was not reached).
 */
public record CheckResult(List<Finding> findings, Halt halt, EndpointStatus endpoint, AgentStatus agent,
    PermissionsStatus permissions, List<WebhookStatus> webhooks, int haloRequests) {}
