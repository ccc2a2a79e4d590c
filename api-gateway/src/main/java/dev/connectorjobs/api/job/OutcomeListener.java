package dev.connectorjobs.api.job;

import com.zaxxer.hikari.HikariDataSource;
import dev.connectorjobs.model.job.OutcomeNotifications;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Listens on {@link OutcomeNotifications#CHANNEL} on a connection of its own (outside the pool, so
 * it never holds a pooled connection) and wakes {@link StatusWaits} when workers commit outcomes.
 * Best effort: without it, or while it reconnects after losing the database, the periodic check
 * answers waiting requests as before, only later.
 */
@Component
final class OutcomeListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeListener.class);

    /** How long one wait for notifications lasts; also how soon a stop is noticed. */
    private static final int POLL_MS = 500;

    private static final Duration FIRST_RECONNECT = Duration.ofSeconds(2);
    private static final Duration LONGEST_RECONNECT = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final StatusWaits waits;
    private volatile boolean running;
    private volatile boolean listening;
    private volatile @Nullable Thread thread;

    OutcomeListener(DataSource dataSource, StatusWaits waits) {
        this.dataSource = dataSource;
        this.waits = waits;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().name("outcome-listener").daemon().start(this::listen);
    }

    private void listen() {
        Duration reconnect = FIRST_RECONNECT;
        while (running) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + OutcomeNotifications.CHANNEL);
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                listening = true;
                reconnect = FIRST_RECONNECT;
                log.debug("Listening for committed outcomes on {}", OutcomeNotifications.CHANNEL);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MS);
                    if (notifications != null && notifications.length > 0) {
                        wake(notifications);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                log.warn(
                        "Not listening for committed outcomes ({}); waiting status requests are answered by the"
                                + " periodic check meanwhile; trying again in {}",
                        e.toString(),
                        reconnect);
                try {
                    Thread.sleep(reconnect);
                } catch (InterruptedException interrupted) {
                    return;
                }
                reconnect = reconnect.multipliedBy(2).compareTo(LONGEST_RECONNECT) > 0
                        ? LONGEST_RECONNECT
                        : reconnect.multipliedBy(2);
            }
        }
    }

    /** Wakes the checks of the jobs the notifications name, or of every job if one names none. */
    private void wake(PGNotification[] notifications) {
        Set<UUID> ids = new HashSet<>();
        for (PGNotification notification : notifications) {
            Optional<Set<UUID>> named = OutcomeNotifications.ids(notification.getParameter());
            if (named.isEmpty()) {
                waits.wake();
                return;
            }
            ids.addAll(named.get());
        }
        waits.wake(ids);
    }

    /** A connection to the pool's database with the pool's settings, but not from the pool. */
    private Connection connect() throws SQLException {
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        Properties properties = new Properties();
        properties.putAll(pool.getDataSourceProperties());
        if (pool.getUsername() != null) {
            properties.setProperty("user", pool.getUsername());
        }
        if (pool.getPassword() != null) {
            properties.setProperty("password", pool.getPassword());
        }
        properties.setProperty("ApplicationName", "api-gateway outcome listener");
        return DriverManager.getConnection(pool.getJdbcUrl(), properties);
    }

    @Override
    public void stop() {
        running = false;
        Thread listener = thread;
        if (listener != null) {
            listener.interrupt();
        }
    }

    /** Whether notifications reach this api-gateway now. */
    boolean listening() {
        return listening;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
