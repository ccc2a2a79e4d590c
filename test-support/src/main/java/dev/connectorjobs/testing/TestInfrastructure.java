package dev.connectorjobs.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Spring properties that point an application at the shared test database and broker. */
public final class TestInfrastructure {

    /** The admin key every test application accepts ({@code jobs.security.bootstrap-admin-key}). */
    public static final String ADMIN_KEY = "test-admin-key-for-integration-tests";

    /** {@code Authorization} header value carrying {@link #ADMIN_KEY}. */
    public static final String ADMIN_AUTHORIZATION = "Bearer " + ADMIN_KEY;

    private TestInfrastructure() {}

    /** Datasource and Kafka properties for the shared test PostgreSQL and broker. */
    public static Map<String, Object> springProperties() {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", db.url());
        props.put("spring.datasource.username", db.user());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        props.put("jobs.security.bootstrap-admin-key", ADMIN_KEY);
        return props;
    }

    /**
     * The same as command-line arguments ({@code --name=value}), which take precedence over the
     * application's own configuration files; extra {@code name=value} pairs are added and override
     * the defaults of the same name.
     */
    public static String[] springArgs(String... extra) {
        Map<String, Object> props = springProperties();
        for (String pair : extra) {
            int eq = pair.indexOf('=');
            props.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        java.util.List<String> args = new java.util.ArrayList<>();
        props.forEach((name, value) -> args.add("--" + name + "=" + value));
        return args.toArray(String[]::new);
    }
}
