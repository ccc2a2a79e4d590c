package dev.connectorjobs.worker.assets;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.config.WorkerProperties;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Creates {@code assets.normalized} at start-up if it is missing, compacted so that it keeps the
 * latest state of each asset key. Without it the first published asset would have the broker
 * auto-create the topic (not compacted, and with the job waiting on the creation).
 */
@Configuration(proxyBeanMethods = false)
class AssetTopicConfiguration {

    @Bean
    NewTopic normalizedAssetsTopic(WorkerProperties properties) {
        return TopicBuilder.name(NormalizedAsset.TOPIC)
                .partitions(properties.topicPartitions())
                .compact()
                .build();
    }
}
