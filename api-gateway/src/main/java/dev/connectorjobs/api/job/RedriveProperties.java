package dev.connectorjobs.api.job;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bounds of a bulk re-drive ({@code jobs.api.redrive.*}).
 *
 * @param chunkSize jobs one statement (one short transaction) re-drives at most; default 500
 * @param maxBulk jobs one bulk request re-drives at most; the answer says {@code more: true} when
 *     it stopped there, and the same request again continues; default 10000
 */
@ConfigurationProperties("jobs.api.redrive")
public record RedriveProperties(
        @DefaultValue("500") int chunkSize,
        @DefaultValue("10000") int maxBulk) {

    public RedriveProperties {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("jobs.api.redrive.chunk-size must be at least 1");
        }
        if (maxBulk < 1) {
            throw new IllegalArgumentException("jobs.api.redrive.max-bulk must be at least 1");
        }
    }
}
