package dev.connectorjobs.testing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Spring properties that point an application at the shared test database and broker. */
public final class TestInfrastructure {

    private TestInfrastructure() {}

    /** Datasource and Kafka properties for the shared test PostgreSQL and broker. */
    public static Map<String, Object> springProperties() {
        TestDatabase db = TestDatabase.get();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("spring.datasource.url", db.url());
        props.put("spring.datasource.username", db.user());
        props.put("spring.datasource.password", db.password());
        props.put("spring.kafka.bootstrap-servers", TestKafka.bootstrapServers());
        return props;
    }
}
