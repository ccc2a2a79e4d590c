package dev.connectorjobs.worker;

import static dev.connectorjobs.testing.JobFixture.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.testing.JobFixture;
import dev.connectorjobs.testing.JobRows;
import dev.connectorjobs.testing.TestInfrastructure;
import dev.connectorjobs.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Offsets committed at most every {@code jobs.worker.offset-commit-interval}: what a burst leaves
 * waiting goes once the consumer is idle, so a quiet worker's lag reads zero, and before a rebalance
 * takes the worker's partitions, so the next owner does not get claimed records again.
 */
class OffsetCommitIntegrationTest {

    private static final String QUEUE = "offsets";

    @Test
    void the_offsets_of_a_burst_that_waited_for_the_next_commit_go_when_the_worker_is_idle() throws Exception {
        try (ConfigurableApplicationContext worker = startWorker("3s")) {
            String topic = burst();

            // Idle for 3 s: the waiting acknowledgements go.
            awaitCommittedToTheEnd(worker, topic, Duration.ofSeconds(15));
        }
    }

    @Test
    void the_offsets_that_wait_go_before_the_worker_gives_up_its_partitions() throws Exception {
        // With a 60 s interval the idle flush cannot be what commits within the test.
        try (ConfigurableApplicationContext worker = startWorker("60s")) {
            String topic = burst();
            String group = worker.getEnvironment().getProperty("spring.kafka.consumer.group-id");

            // A second member of the group makes the broker take the partitions back from the worker.
            try (KafkaConsumer<String, byte[]> newcomer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    TestKafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG,
                    group,
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    ByteArrayDeserializer.class))) {
                newcomer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    newcomer.poll(Duration.ofMillis(100));
                    return !newcomer.assignment().isEmpty();
                });

                awaitCommittedToTheEnd(worker, topic, Duration.ofSeconds(10));
            }
        }
    }

    private static ConfigurableApplicationContext startWorker(String offsetCommitInterval) {
        return WorkerApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.worker.id=offsets-worker",
                        "jobs.worker.queues=" + QUEUE,
                        "jobs.worker.offset-commit-interval=" + offsetCommitInterval));
    }

    /**
     * One job, then a burst right after it: the first poll commits, the burst's polls are within
     * the interval, so their offsets wait, and no later record brings a commit that covers them.
     *
     * @return the queue's topic
     */
    private static String burst() {
        JobFixture first = aJob().queue(QUEUE).insert().publish();
        awaitSuccess(first);
        List<JobFixture> burst = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            burst.add(aJob().queue(QUEUE).insert().publish());
        }
        burst.forEach(OffsetCommitIntegrationTest::awaitSuccess);
        return first.record().topic();
    }

    private static void awaitCommittedToTheEnd(ConfigurableApplicationContext worker, String topic, Duration within)
            throws Exception {
        String group = worker.getEnvironment().getProperty("spring.kafka.consumer.group-id");
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()))) {
            await().atMost(within).untilAsserted(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                admin.listOffsets(latest).all().get().forEach((partition, end) -> {
                    OffsetAndMetadata offset = committed.get(partition);
                    assertThat(offset == null ? 0 : offset.offset())
                            .as("committed offset of %s", partition)
                            .isEqualTo(end.offset());
                });
            });
        }
    }

    private static void awaitSuccess(JobFixture job) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JobRows.job(job.id()).status().equals("SUCCESS"));
    }
}
