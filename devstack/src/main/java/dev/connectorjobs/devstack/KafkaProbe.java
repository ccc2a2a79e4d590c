package dev.connectorjobs.devstack;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.jspecify.annotations.Nullable;

/**
 * Tells whether a Kafka cluster answers a {@code describeCluster} request. The admin client is
 * created only once the first bootstrap server accepts connections, so the wait is quiet.
 */
final class KafkaProbe implements AutoCloseable {

    private static final int TIMEOUT_MILLIS = 3000;

    private final String bootstrapServers;
    private @Nullable Admin admin;

    KafkaProbe(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    boolean isReady() throws Exception {
        if (admin == null) {
            if (!acceptsConnections(bootstrapServers.split(",")[0].trim())) {
                return false;
            }
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.CLIENT_ID_CONFIG, "devstack",
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MILLIS));
        }
        return !admin.describeCluster()
                .nodes()
                .get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .isEmpty();
    }

    private static boolean acceptsConnections(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(
                    new InetSocketAddress(
                            hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1))),
                    TIMEOUT_MILLIS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
    }
}
