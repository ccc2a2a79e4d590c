package dev.connectorjobs.api.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Access control and input limits ({@code jobs.security.*}).
 *
 * @param bootstrapAdminKey an admin key accepted from start-up (env {@code
 *     JOBS_BOOTSTRAP_ADMIN_KEY}); use it to create real keys, then unset it; at least 20 characters
 * @param keyCacheTtl how long a validated key is trusted without a database look-up; a revocation
 *     reaches other API replicas within this time (within twice it while the database does not
 *     answer the look-up); default 5 s
 * @param submitRatePerSecond sustained job submissions per key and second (a batch counts each
 *     job); default 1000
 * @param submitBurst submissions a key may make at once above the sustained rate; default 2000
 * @param maxRequestBody largest request body accepted; default 256 KiB (batch submissions: 16 times
 *     as much)
 */
@ConfigurationProperties("jobs.security")
public record SecurityProperties(
        @Nullable String bootstrapAdminKey,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("1000") double submitRatePerSecond,
        @DefaultValue("2000") double submitBurst,
        @DefaultValue("256KB") DataSize maxRequestBody) {

    public SecurityProperties {
        if (bootstrapAdminKey != null && bootstrapAdminKey.isBlank()) {
            bootstrapAdminKey = null;
        }
        if (bootstrapAdminKey != null && bootstrapAdminKey.length() < 20) {
            throw new IllegalArgumentException("JOBS_BOOTSTRAP_ADMIN_KEY is too short to be a secret: use at least"
                    + " 20 random characters, or unset it");
        }
        if (submitRatePerSecond <= 0 || submitBurst < 1) {
            throw new IllegalArgumentException("jobs.security.submit-rate-per-second must be positive and"
                    + " jobs.security.submit-burst at least 1");
        }
    }
}
