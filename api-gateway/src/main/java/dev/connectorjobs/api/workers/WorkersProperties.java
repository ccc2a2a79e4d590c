package dev.connectorjobs.api.workers;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the API judges workers ({@code jobs.api.workers.*}).
 *
 * @param staleAfter a worker whose last heartbeat is older than this is shown as stale; default 30 s
 *     (six missed heartbeats at the worker's default interval)
 */
@ConfigurationProperties("jobs.api.workers")
public record WorkersProperties(@DefaultValue("30s") Duration staleAfter) {}
