package dev.connectorjobs.api.webhook;

import dev.connectorjobs.api.job.CallbackPolicy;
import dev.connectorjobs.model.catalog.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The hosts callbacks may go to: those of {@code jobs.webhooks.allowed-hosts} and those ADMIN keys
 * added ({@code webhook_allowed_hosts}). The table is read again at most every {@link #REFRESH}, so
 * another api-gateway's change applies here within that; this one's own changes apply at once.
 * Without an allow-list a callback could make the system send requests to any internal host.
 */
@Component
final class AllowedHosts implements CallbackPolicy {

    /** How stale this replica's copy of the table may be. */
    static final Duration REFRESH = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final WebhookProperties properties;
    private final Clock clock;
    private volatile Set<String> added = Set.of();
    private volatile Instant loadedAt = Instant.MIN;

    AllowedHosts(JdbcClient jdbc, WebhookProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** An allow-list entry added at run time. */
    record Entry(String pattern, @Nullable String addedBy, Instant addedAt) {}

    @Override
    public String defaultSecret() {
        return WebhookProperties.DEFAULT_SECRET;
    }

    @Override
    public List<FieldError> problems(String url, String secret) {
        List<FieldError> errors = new ArrayList<>();
        String host = hostOf(url, errors);
        if (host != null && !allows(host)) {
            errors.add(new FieldError(
                    "callback_url",
                    "host '" + host + "' is not on the webhook allow-list; an ADMIN adds it with PUT"
                            + " /api/v1/admin/webhooks/allowed-hosts/{host} or jobs.webhooks.allowed-hosts"));
        }
        if (!properties.secrets().containsKey(secret)) {
            errors.add(new FieldError(
                    "callback_secret",
                    properties.secrets().isEmpty()
                            ? "no webhook signing secret is configured, so callbacks cannot be signed; an"
                                    + " operator sets jobs.webhooks.secrets.default"
                            : "no webhook secret named '" + secret + "' is configured; known names: "
                                    + new TreeSet<>(properties.secrets().keySet())));
        }
        return errors;
    }

    /** The normalized host of an acceptable callback URL, or null (an error is added). */
    private static @Nullable String hostOf(String url, List<FieldError> errors) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            errors.add(new FieldError("callback_url", "is not a valid URL: " + e.getReason()));
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            errors.add(new FieldError("callback_url", "must be an absolute http or https URL"));
            return null;
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            errors.add(new FieldError("callback_url", "must not carry user information or a fragment"));
            return null;
        }
        if (uri.getHost() == null) {
            errors.add(new FieldError("callback_url", "must name a host (and may name a port)"));
            return null;
        }
        return HostPatterns.normalize(uri.getHost());
    }

    /** Whether callbacks may go to {@code host} (normalized). */
    boolean allows(String host) {
        for (String pattern : properties.allowedHosts()) {
            if (HostPatterns.matches(HostPatterns.normalize(pattern), host)) {
                return true;
            }
        }
        for (String pattern : current()) {
            if (HostPatterns.matches(pattern, host)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> current() {
        if (loadedAt.plus(REFRESH).isBefore(clock.instant())) {
            reload();
        }
        return added;
    }

    private void reload() {
        added = Set.copyOf(jdbc.sql("SELECT pattern FROM webhook_allowed_hosts")
                .query(String.class)
                .list());
        loadedAt = clock.instant();
    }

    /** The entries added at run time, by pattern. */
    List<Entry> entries() {
        return jdbc.sql("SELECT pattern, added_by, added_at FROM webhook_allowed_hosts ORDER BY pattern")
                .query((rs, n) -> new Entry(
                        rs.getString("pattern"),
                        rs.getString("added_by"),
                        rs.getTimestamp("added_at").toInstant()))
                .list();
    }

    /** Adds a normalized, valid pattern; false when it was there already. */
    boolean add(String pattern, @Nullable String addedBy) {
        int inserted = jdbc.sql("""
                        INSERT INTO webhook_allowed_hosts (pattern, added_by, added_at) VALUES (:pattern, :by, :at)
                        ON CONFLICT (pattern) DO NOTHING
                        """)
                .param("pattern", pattern)
                .param("by", addedBy)
                .param("at", Timestamp.from(clock.instant()))
                .update();
        reload();
        return inserted == 1;
    }

    /** Removes a pattern; false when it was not there. */
    boolean remove(String pattern) {
        int deleted = jdbc.sql("DELETE FROM webhook_allowed_hosts WHERE pattern = :pattern")
                .param("pattern", pattern)
                .update();
        reload();
        return deleted == 1;
    }
}
