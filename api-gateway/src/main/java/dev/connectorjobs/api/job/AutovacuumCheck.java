package dev.connectorjobs.api.job;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Warns at start-up when PostgreSQL's autovacuum cannot keep up with the jobs table. Every job
 * inserts a row and updates it two or three times; while the table fills, its statistics go stale
 * within seconds, and plans cached from them read the whole table until the next ANALYZE (at 500
 * jobs/s that made PostgreSQL five times costlier; docs/performance.md, round four). Migration V8
 * sets the table's own thresholds, but autovacuum looks at a database only once per naptime.
 */
@Component
class AutovacuumCheck {

    private static final Logger log = LoggerFactory.getLogger(AutovacuumCheck.class);

    /** The longest naptime that keeps a filling jobs table's statistics current. */
    static final int MAX_NAPTIME_SECONDS = 15;

    private final JdbcClient jdbc;

    AutovacuumCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnIfAutovacuumLags() {
        try {
            Map<String, String> settings = settings();
            advice(
                            "on".equals(settings.get("autovacuum")),
                            Integer.parseInt(settings.getOrDefault("autovacuum_naptime", "60")))
                    .ifPresent(log::warn);
        } catch (DataAccessException | NumberFormatException e) {
            log.debug("Could not read PostgreSQL's autovacuum settings: {}", e.toString());
        }
    }

    /** {@code autovacuum} and {@code autovacuum_naptime} (in seconds) as the server reports them. */
    Map<String, String> settings() {
        return jdbc
                .sql("SELECT name, setting FROM pg_settings WHERE name IN ('autovacuum', 'autovacuum_naptime')")
                .query((rs, n) -> Map.entry(rs.getString("name"), rs.getString("setting")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** What to tell the operator about these settings, if anything. */
    static Optional<String> advice(boolean autovacuumOn, int naptimeSeconds) {
        if (!autovacuumOn) {
            return Optional.of("PostgreSQL's autovacuum is off: the jobs table's dead rows and statistics are never"
                    + " maintained, and its statements slow down as it churns. Turn autovacuum on with"
                    + " autovacuum_naptime = 5s (README, Configuration).");
        }
        if (naptimeSeconds > MAX_NAPTIME_SECONDS) {
            return Optional.of(("PostgreSQL's autovacuum_naptime is %d s: autovacuum analyzes the jobs table that"
                            + " rarely, so while the table fills, plans cached from its stale statistics can read all"
                            + " of it. Set autovacuum_naptime = 5s (README, Configuration).")
                    .formatted(naptimeSeconds));
        }
        return Optional.empty();
    }
}
