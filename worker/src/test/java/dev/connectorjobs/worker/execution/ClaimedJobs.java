package dev.connectorjobs.worker.execution;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Test-data builder for claimed jobs that never touch the database: {@code aClaimedJob().timeoutSeconds(20).build()}. */
final class ClaimedJobs {

    private Instant startedAt = Instant.parse("2026-01-01T00:00:00Z");
    private int timeoutSeconds = 120;
    private int maxRetries = 3;
    private int retriesUsed;
    private @Nullable Instant createdAt;
    private @Nullable Instant eligibleAt;

    private ClaimedJobs() {}

    /** A diagnostics echo job, attempt 1, started 2026-01-01T00:00:00Z, 120 s limit, 0 of 3 retries used. */
    static ClaimedJobs aClaimedJob() {
        return new ClaimedJobs();
    }

    ClaimedJobs startedAt(Instant at) {
        this.startedAt = at;
        return this;
    }

    /** When the job was submitted; default when it started. */
    ClaimedJobs createdAt(Instant at) {
        this.createdAt = at;
        return this;
    }

    /** When the attempt became eligible to run; default when the job was submitted. */
    ClaimedJobs eligibleAt(Instant at) {
        this.eligibleAt = at;
        return this;
    }

    ClaimedJobs timeoutSeconds(int seconds) {
        this.timeoutSeconds = seconds;
        return this;
    }

    ClaimedJobs retries(int used, int max) {
        this.retriesUsed = used;
        this.maxRetries = max;
        return this;
    }

    ClaimedJob build() {
        UUID id = UUID.randomUUID();
        return new ClaimedJob(
                id,
                1,
                "default",
                "diagnostics",
                "echo",
                Map.of(),
                timeoutSeconds,
                maxRetries,
                retriesUsed,
                "test-" + id,
                startedAt,
                null,
                createdAt == null ? startedAt : createdAt,
                eligibleAt != null ? eligibleAt : createdAt != null ? createdAt : startedAt);
    }
}
