package io.psalink.halo;

/** The agent a token logs in as ({@code GET /api/Agent/me}): {@code isapiagent}, {@code isdisabled}. */
public record HaloAgent(int id, String name, boolean apiOnly, boolean disabled) {}
