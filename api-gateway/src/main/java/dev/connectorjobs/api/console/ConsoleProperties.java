package dev.connectorjobs.api.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The operations console ({@code jobs.api.console.*}).
 *
 * @param pollInterval how often the live parts of a page (job list, job progress, active jobs,
 *     breakers) are read again while it is open; default 2 s
 * @param pageSize jobs per page of the job list; default 50, at most 500
 * @param overviewCacheTtl how long the overview's last-hour charts are reused before they are read
 *     again, so that many open overviews cost one query per replica and period; default 10 s
 */
@ConfigurationProperties("jobs.api.console")
public record ConsoleProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("50") int pageSize,
        @DefaultValue("10s") Duration overviewCacheTtl) {

    public ConsoleProperties {
        if (pollInterval.compareTo(Duration.ofMillis(500)) < 0) {
            throw new IllegalArgumentException(
                    "jobs.api.console.poll-interval must be at least 500ms, was " + pollInterval);
        }
        if (pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("jobs.api.console.page-size must be 1 to 500, was " + pageSize);
        }
        if (overviewCacheTtl.isNegative()) {
            throw new IllegalArgumentException(
                    "jobs.api.console.overview-cache-ttl must not be negative; use 0s to read on every request");
        }
    }
}
