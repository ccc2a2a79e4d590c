package dev.connectorjobs.api.limits;

/**
 * A limit and the jobs it holds now.
 *
 * @param running attempts admitted under the limit whose job is still running
 * @param waiting jobs a concurrency limit deferred, waiting to be woken when a slot frees
 */
public record LimitUse(LimitView limit, int running, int waiting) {}
