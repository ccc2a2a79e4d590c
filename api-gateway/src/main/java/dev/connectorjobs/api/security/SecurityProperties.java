package dev.connectorjobs.api.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Access control and input limits ({@code jobs.security.*}).
 *
 * @param bootstrapAdminKey an admin key accepted while it is configured (env {@code
 *     JOBS_BOOTSTRAP_ADMIN_KEY}); use it to create named keys, then unset it: an api-gateway that
 *     starts without it revokes the key it installed, and one that starts with a new value revokes
 *     the old one. At least 20 characters
 * @param keyCacheTtl how long a validated key is trusted without a database look-up; a revocation
 *     reaches other API replicas within this time; default 5 s
 * @param submitRatePerSecond sustained job submissions per key and second (a batch counts each
 *     job); default 1000
 * @param submitBurst submissions a key may make at once above the sustained rate; default 2000
 * @param maxRequestBody largest request body accepted; default 256 KiB (batch submissions: 16 times
 *     as much)
 * @param authFailureBurst failed authentications (unknown, revoked or malformed keys) a client
 *     address may make at once before it gets 429; default 20
 * @param authFailuresPerMinute failed authentications per minute an address may make after the
 *     burst; default 30
 * @param publicApiDocs whether the OpenAPI document and Swagger UI are served without a key;
 *     default true (they describe the API, hold no data, and Swagger UI cannot send a key to fetch
 *     the document)
 * @param openMetrics whether the {@code metrics} and {@code prometheus} actuator endpoints are
 *     served without a key; only allowed with the actuator on its own port ({@code
 *     management.server.port}); default false (they need a key)
 */
@ConfigurationProperties("jobs.security")
public record SecurityProperties(
        @Nullable String bootstrapAdminKey,
        @DefaultValue("5s") Duration keyCacheTtl,
        @DefaultValue("1000") double submitRatePerSecond,
        @DefaultValue("2000") double submitBurst,
        @DefaultValue("256KB") DataSize maxRequestBody,
        @DefaultValue("20") int authFailureBurst,
        @DefaultValue("30") double authFailuresPerMinute,
        @DefaultValue("true") boolean publicApiDocs,
        @DefaultValue("false") boolean openMetrics) {

    public SecurityProperties {
        if (bootstrapAdminKey != null && bootstrapAdminKey.isBlank()) {
            bootstrapAdminKey = null;
        }
        if (bootstrapAdminKey != null
                && (bootstrapAdminKey.length() < 20
                        || bootstrapAdminKey.length() > BearerKeyConverter.MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("JOBS_BOOTSTRAP_ADMIN_KEY must be 20 to "
                    + BearerKeyConverter.MAX_KEY_LENGTH + " random characters; set such a value, or unset it");
        }
        if (bootstrapAdminKey != null && !bootstrapAdminKey.matches("[\\x21-\\x7E]+")) {
            throw new IllegalArgumentException("JOBS_BOOTSTRAP_ADMIN_KEY must be printable ASCII without spaces, as"
                    + " it is sent in an HTTP header; choose another value, or unset it");
        }
        if (submitRatePerSecond <= 0 || submitBurst < 1) {
            throw new IllegalArgumentException("jobs.security.submit-rate-per-second must be positive and"
                    + " jobs.security.submit-burst at least 1");
        }
        if (authFailuresPerMinute <= 0 || authFailureBurst < 1) {
            throw new IllegalArgumentException("jobs.security.auth-failures-per-minute must be positive and"
                    + " jobs.security.auth-failure-burst at least 1");
        }
        if (keyCacheTtl.isNegative()) {
            throw new IllegalArgumentException("jobs.security.key-cache-ttl must not be negative; use 0s to look"
                    + " every key up in the database");
        }
    }
}
