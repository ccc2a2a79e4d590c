package dev.connectorjobs.worker.assets;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Publishes normalized assets to {@code assets.normalized}, keyed {@code <source>:<source_id>} so
 * that a compacted topic keeps the latest state of each asset. Sends are asynchronous; {@link
 * #flush()} waits for all of them, so a job succeeds only when its assets are durable.
 */
@Component
final class KafkaAssetSink implements AssetSink {

    private static final int MAX_PENDING = 10_000;

    private final KafkaTemplate<String, byte[]> kafka;
    private final ObjectMapper mapper;
    private final ThreadLocal<List<CompletableFuture<?>>> pending = ThreadLocal.withInitial(ArrayList::new);

    KafkaAssetSink(KafkaTemplate<String, byte[]> kafka, ObjectMapper mapper) {
        this.kafka = kafka;
        this.mapper = mapper;
    }

    @Override
    public void publish(NormalizedAsset asset) {
        List<CompletableFuture<?>> sends = pending.get();
        sends.add(kafka.send(NormalizedAsset.TOPIC, asset.key(), mapper.writeValueAsBytes(asset)));
        if (sends.size() >= MAX_PENDING) {
            flush();
        }
    }

    @Override
    public void flush() {
        List<CompletableFuture<?>> sends = pending.get();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ConnectorException.retryable("AssetPublishFailed", "interrupted while publishing assets");
        } catch (Exception e) {
            throw ConnectorException.retryable(
                    "AssetPublishFailed", "could not publish assets to " + NormalizedAsset.TOPIC + ": " + e);
        } finally {
            sends.clear();
        }
    }
}
