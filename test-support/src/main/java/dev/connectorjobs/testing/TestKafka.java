package dev.connectorjobs.testing;

import java.util.Map;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker for integration tests, shared by all tests in a JVM.
 *
 * <p>Source, in this order: {@code JOBS_TEST_KAFKA_BOOTSTRAP} from the environment, else an
 * in-process single-node KRaft broker started once.
 */
public final class TestKafka {

    private static volatile String bootstrap;

    private TestKafka() {}

    /** Bootstrap servers of the shared broker, started on first use. */
    public static String bootstrapServers() {
        String servers = bootstrap;
        if (servers == null) {
            synchronized (TestKafka.class) {
                servers = bootstrap;
                if (servers == null) {
                    servers = start();
                    bootstrap = servers;
                }
            }
        }
        return servers;
    }

    private static String start() {
        String explicit = System.getenv("JOBS_TEST_KAFKA_BOOTSTRAP");
        if (explicit != null && !explicit.isBlank()) {
            return explicit;
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 4);
        broker.brokerProperties(Map.of(
                "auto.create.topics.enable", "true",
                "num.partitions", "4",
                "group.initial.rebalance.delay.ms", "0",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
        return broker.getBrokersAsString();
    }
}
