package dev.connectorjobs.client;

import java.time.Clock;
import java.time.Duration;

/**
 * The client's tuning, validated once; see {@link ConnectorJobsClient.Builder} for meanings and
 * defaults.
 */
record ClientSettings(
        int maxRetries,
        Duration maxRetryWait,
        Duration backoff,
        Duration requestTimeout,
        Duration longPoll,
        Duration pollInterval,
        Clock clock,
        Sleeper sleeper) {

    ClientSettings {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more; was " + maxRetries);
        }
        positive("maxRetryWait", maxRetryWait);
        positive("backoff", backoff);
        positive("requestTimeout", requestTimeout);
        positive("longPoll", longPoll);
        positive("pollInterval", pollInterval);
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive; was " + value);
        }
    }
}
