package dev.connectorjobs.api.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Completion webhooks ({@code jobs.webhooks.*}).
 *
 * @param allowedHosts hosts callbacks may be sent to, besides those ADMIN keys add at run time: a
 *     host name or address, or {@code *.example.com} for every host below a domain; default none
 * @param secrets signing secrets by name; a submission names one in {@code callback_secret}, or gets
 *     {@code default}; a value starting {@code whsec_} is base64 (as Standard Webhooks writes
 *     secrets), any other is used as its UTF-8 bytes; default none, so no callback is accepted
 * @param maxAttempts deliveries tried per terminal state before it is given up as FAILED; default 8
 * @param backoffBase wait after the first failed delivery; it doubles after each; default 5 s
 * @param backoffMax longest wait between two deliveries; default 10 min
 * @param connectTimeout longest wait to connect to a receiver; default 5 s
 * @param requestTimeout longest wait for a receiver's answer; default 10 s
 * @param checkInterval pause between two looks for due deliveries; default 1 s
 * @param claimLease how long a claimed delivery is left to its api-gateway before another takes it
 *     again (a delivery is made at least once); default 2 min
 * @param maxInFlight deliveries one api-gateway sends at once; default 64
 */
@ConfigurationProperties("jobs.webhooks")
public record WebhookProperties(
        @DefaultValue List<String> allowedHosts,
        @DefaultValue Map<String, String> secrets,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("5s") Duration backoffBase,
        @DefaultValue("10m") Duration backoffMax,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("1s") Duration checkInterval,
        @DefaultValue("2m") Duration claimLease,
        @DefaultValue("64") int maxInFlight) {

    /** The name of the secret a callback without {@code callback_secret} is signed with. */
    public static final String DEFAULT_SECRET = "default";

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expression that reads its interval; a test checks it.
     */
    static final String BEAN = "jobs.webhooks-dev.connectorjobs.api.webhook.WebhookProperties";

    public WebhookProperties {
        secrets = Map.copyOf(secrets);
        allowedHosts = List.copyOf(allowedHosts);
        for (String pattern : allowedHosts) {
            if (!HostPatterns.isValid(HostPatterns.normalize(pattern))) {
                throw new IllegalArgumentException(
                        "jobs.webhooks.allowed-hosts: '" + pattern + "' is not a host name, an address or *.domain");
            }
        }
        secrets.forEach((name, value) -> {
            if (value.isBlank()) {
                throw new IllegalArgumentException("jobs.webhooks.secrets." + name + " is empty; set a secret"
                        + " of at least 16 characters or remove the entry");
            }
        });
        if (maxAttempts < 1 || maxAttempts > 50) {
            throw new IllegalArgumentException("jobs.webhooks.max-attempts must be between 1 and 50");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("jobs.webhooks.max-in-flight must be at least 1");
        }
        for (Duration d : List.of(backoffBase, backoffMax, connectTimeout, requestTimeout, checkInterval, claimLease)) {
            if (!d.isPositive()) {
                throw new IllegalArgumentException("jobs.webhooks durations must be positive, found " + d);
            }
        }
        if (claimLease.compareTo(connectTimeout.plus(requestTimeout)) <= 0) {
            throw new IllegalArgumentException("jobs.webhooks.claim-lease must be longer than connect-timeout"
                    + " plus request-timeout, or a slow delivery would be sent twice");
        }
    }

    /** The secrets' names only: the values never reach a log. */
    @Override
    public String toString() {
        return "WebhookProperties[allowedHosts=" + allowedHosts + ", secrets=" + new TreeMap<>(secrets).keySet()
                + ", maxAttempts=" + maxAttempts + ", backoffBase=" + backoffBase + ", backoffMax=" + backoffMax
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", checkInterval="
                + checkInterval + ", claimLease=" + claimLease + ", maxInFlight=" + maxInFlight + "]";
    }
}
