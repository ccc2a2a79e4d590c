package dev.connectorjobs.worker;

import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.util.Arrays;
import java.util.stream.Stream;

/** Settings of a worker that reaches PostgreSQL through a {@link TcpProxy} a test can cut. */
final class ProxiedDatabase {

    private ProxiedDatabase() {}

    /**
     * Spring arguments for a worker whose connections go through {@code proxy}, failing within a
     * second when it is cut, plus {@code settings}.
     */
    static String[] springArgs(TestDatabase db, TcpProxy proxy, String... settings) {
        return TestInfrastructure.springArgs(Stream.concat(
                        Stream.of(
                                "server.port=0",
                                "spring.datasource.url=" + db.urlVia("127.0.0.1", proxy.port()),
                                "spring.datasource.hikari.connection-timeout=1000",
                                "spring.datasource.hikari.validation-timeout=500"),
                        Arrays.stream(settings))
                .toArray(String[]::new));
    }
}
