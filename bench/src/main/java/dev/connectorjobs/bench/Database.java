package dev.connectorjobs.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The jobs database the bench reads its verdict from.
 *
 * @param url JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/jobs}
 * @param user user name
 * @param password password
 */
public record Database(String url, String user, String password) {

    /** Opens a connection for the bench's own queries, named so it can be told apart in {@code pg_stat_activity}. */
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("ApplicationName", "devstack-bench");
        return DriverManager.getConnection(url, properties);
    }

    @Override
    public String toString() {
        return url + " (user " + user + ")";
    }
}
