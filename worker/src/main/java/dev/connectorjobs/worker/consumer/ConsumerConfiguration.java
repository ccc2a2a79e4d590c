package dev.connectorjobs.worker.consumer;

import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.worker.config.WorkerProperties;
import java.util.Arrays;
import java.util.Properties;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/** The dispatch consumer: manual acknowledgement, batches, and the queue topics it needs. */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

    private static final long POLL_TIMEOUT_MS = 100;

    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> jobRecordContainerFactory(
            ConsumerFactory<String, byte[]> consumerFactory, WorkerProperties properties, OffsetCommits offsets) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(properties.consumers());
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.MANUAL);
        // A full worker seeks back and pauses briefly; a short poll makes it resume promptly (the
        // default 5 s poll would stall a full worker for 5 s each time).
        factory.getContainerProperties().setPollTimeout(POLL_TIMEOUT_MS);
        // Offsets are a hint, not the truth: a claim is what owns a job, and a record delivered
        // again claims nothing. So offsets are committed without waiting for the broker.
        factory.getContainerProperties().setSyncCommits(false);
        factory.getContainerProperties().setCommitCallback(new AsyncCommitFailures());
        // Claimed records' offsets wait up to the commit interval; they go when a consumer has been
        // idle that long and before its partitions are revoked.
        factory.getContainerProperties().setConsumerRebalanceListener(offsets);
        if (offsets.idleInterval().isPositive()) {
            factory.getContainerProperties()
                    .setIdleEventInterval(
                            Math.max(POLL_TIMEOUT_MS, offsets.idleInterval().toMillis()));
        }
        // A poll brings a quarter of the worker's slots: the next poll finds room while the jobs of
        // the last one are still writing their outcomes, so records are rarely sought back.
        Properties consumer = new Properties();
        consumer.setProperty(
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(Math.max(1, properties.concurrency() / 4)));
        factory.getContainerProperties().setKafkaConsumerProperties(consumer);
        // A failing claim (database unreachable) is retried with backoff from the same offsets.
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2);
        backOff.setMaxInterval(10_000);
        factory.setCommonErrorHandler(new DefaultErrorHandler(backOff));
        return factory;
    }

    @Bean
    KafkaAdmin.NewTopics queueTopics(WorkerProperties properties) {
        return new KafkaAdmin.NewTopics(Arrays.stream(properties.topics())
                .map(topic -> TopicBuilder.name(topic)
                        .partitions(properties.topicPartitions())
                        .build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    NewTopic controlTopic() {
        return TopicBuilder.name(Topics.CONTROL_TOPIC).partitions(1).build();
    }

    @Bean
    WorkerTopics workerTopics(WorkerProperties properties) {
        return new WorkerTopics(properties.topics(), properties.workerId());
    }

    /** Control messages one at a time, offsets committed automatically: control is best effort. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, byte[]> controlContainerFactory(
            ConsumerFactory<String, byte[]> consumerFactory) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, byte[]>();
        factory.setConsumerFactory(consumerFactory);
        factory.getContainerProperties().setAckMode(ContainerProperties.AckMode.RECORD);
        return factory;
    }
}
