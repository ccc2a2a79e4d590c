package dev.connectorjobs.testing;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker for integration tests, shared by all tests in a JVM.
 *
 * <p>Source, in this order: {@code JOBS_TEST_KAFKA_BOOTSTRAP} from the environment, else an
 * in-process single-node KRaft broker started once.
 */
public final class TestKafka {

    private static volatile @Nullable String bootstrap;
    private static volatile @Nullable KafkaProducer<String, byte[]> producer;

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

    /** Sends a record to the shared broker and waits for its acknowledgement. */
    public static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not publish a test record to " + record.topic(), e);
        }
    }

    /** A consumer of {@code topic} from its beginning, in a group of its own. */
    public static KafkaConsumer<String, byte[]> consumer(String topic) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config);
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    private static KafkaProducer<String, byte[]> producer() {
        KafkaProducer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (TestKafka.class) {
                p = producer;
                if (p == null) {
                    p = new KafkaProducer<>(Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG,
                            "all",
                            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                            StringSerializer.class,
                            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                            ByteArraySerializer.class));
                    producer = p;
                }
            }
        }
        return p;
    }
}
