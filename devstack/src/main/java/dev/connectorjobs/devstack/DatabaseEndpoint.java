package dev.connectorjobs.devstack;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How to reach the jobs database: the same three values the applications read from {@code
 * JOBS_DB_URL}, {@code JOBS_DB_USER} and {@code JOBS_DB_PASSWORD}.
 */
record DatabaseEndpoint(String url, String user, String password) {

    static final String URL_VARIABLE = "JOBS_DB_URL";
    static final String USER_VARIABLE = "JOBS_DB_USER";
    static final String PASSWORD_VARIABLE = "JOBS_DB_PASSWORD";

    /** The applications' own defaults when only {@code JOBS_DB_URL} is set. */
    private static final String APPLICATION_DEFAULT_CREDENTIAL = "jobs";

    /** The database named by the environment, if {@code JOBS_DB_URL} is set. */
    static Optional<DatabaseEndpoint> fromEnvironment(Map<String, String> environment) {
        String url = environment.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new DatabaseEndpoint(
                url,
                environment.getOrDefault(USER_VARIABLE, APPLICATION_DEFAULT_CREDENTIAL),
                environment.getOrDefault(PASSWORD_VARIABLE, APPLICATION_DEFAULT_CREDENTIAL)));
    }

    /** The variables that hand this database to the applications. */
    Map<String, String> environment() {
        return Map.of(URL_VARIABLE, url, USER_VARIABLE, user, PASSWORD_VARIABLE, password);
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        properties.setProperty("ApplicationName", "devstack");
        return DriverManager.getConnection(url, properties);
    }

    /** Whether a connection can be opened right now. */
    boolean isReachable() throws SQLException {
        try (Connection connection = connect()) {
            return connection.isValid(3);
        }
    }

    @Override
    public String toString() {
        return url + " (user " + user + ")";
    }
}
