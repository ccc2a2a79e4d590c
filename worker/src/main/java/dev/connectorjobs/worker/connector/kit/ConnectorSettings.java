package dev.connectorjobs.worker.connector.kit;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The checks a connector's properties record makes of the settings most connectors have ({@code
 * base-url}, {@code page-size}, {@code page-cap}, {@code max-throttle-wait}, and the poll intervals of
 * those that follow remote work), worded alike: each message names the property, its environment
 * variable and the allowed values.
 */
public final class ConnectorSettings {

    private ConnectorSettings() {}

    /**
     * {@code <prefix>.base-url}: an http(s) URL with a host, without credentials, query or fragment
     * (or unset).
     *
     * @param prefix e.g. {@code jobs.connectors.intune}
     * @param example a valid value, for the message
     */
    public static @Nullable URI baseUrl(String prefix, @Nullable URI url, String example) {
        return VendorUrls.check(url, prefix + ".base-url", example);
    }

    /**
     * {@code <prefix>.page-size}: between 1 and {@code max}.
     *
     * @param why why {@code max}, for the message, e.g. {@code Apple returns at most 1000 devices a page}
     */
    public static int pageSize(String prefix, int value, int max, String why) {
        if (value < 1 || value > max) {
            throw invalid(prefix + ".page-size", "must be between 1 and " + max + " (" + why + "); was " + value);
        }
        return value;
    }

    /** {@code <prefix>.page-cap}: at least 1. */
    public static int pageCap(String prefix, int value) {
        if (value < 1) {
            throw invalid(prefix + ".page-cap", "must be at least 1 (positive); was " + value);
        }
        return value;
    }

    /** {@code <prefix>.max-throttle-wait}: not negative ({@code 0s} leaves every 429 to the job's retries). */
    public static Duration maxThrottleWait(String prefix, Duration value) {
        if (value.isNegative()) {
            throw invalid(
                    prefix + ".max-throttle-wait",
                    "must not be negative; use 0s to leave every 429 to the job's retries; was " + value);
        }
        return value;
    }

    /**
     * {@code <prefix>.poll-interval} and {@code <prefix>.max-poll-interval}, the first and the longest
     * wait between two looks at remote work: the first positive, the longest not shorter.
     */
    public static void pollIntervals(String prefix, Duration first, Duration longest) {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
            throw invalid(
                    prefix + ".poll-interval",
                    "must be positive and at most " + prefix + ".max-poll-interval (environment "
                            + ConnectorErrors.environmentName(prefix + ".max-poll-interval") + "); were " + first
                            + " and " + longest);
        }
    }

    private static IllegalArgumentException invalid(String property, String problem) {
        return new IllegalArgumentException(
                property + " " + problem + " (environment " + ConnectorErrors.environmentName(property) + ")");
    }

    /**
     * {@code <prefix>.auth.token}, or {@code <prefix>.auth.username} with {@code auth.password}: not
     * both, the user and password together, nothing blank, no {@code :} in the user name (HTTP
     * Basic cannot carry one).
     *
     * @param user what the user name is, for the message, e.g. {@code an AWX user name}
     */
    public static void tokenOrUser(
            String prefix, @Nullable String token, @Nullable String username, @Nullable String password, String user) {
        String auth = prefix + ".auth.";
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException(auth + "token (" + ConnectorErrors.environmentName(auth + "token")
                    + ") must not be blank; leave it unset to use auth.username and auth.password");
        }
        if (token != null && (username != null || password != null)) {
            throw new IllegalArgumentException(
                    "Set either " + auth + "token or " + auth + "username and auth.password, not both");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException(auth + "username (" + ConnectorErrors.environmentName(auth + "username")
                    + ") and " + auth + "password (" + ConnectorErrors.environmentName(auth + "password")
                    + ") go together: set both, or neither and auth.token");
        }
        if (username != null && (username.isBlank() || username.contains(":"))) {
            throw new IllegalArgumentException(auth + "username must be " + user + ": not blank, without ':'");
        }
    }
}
