package dev.connectorjobs.worker.connector.inventory;

import dev.connectorjobs.model.asset.NormalizedAsset;

/** Where inventory connectors publish normalized assets (the {@code assets.normalized} topic). */
public interface AssetSink {

    /**
     * Publishes one asset. Implementations may batch; {@link #flush()} waits until everything
     * published so far is durable.
     */
    void publish(NormalizedAsset asset);

    /**
     * Waits until every asset published so far is acknowledged.
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException (retryable) if some could not be
     *     published
     */
    void flush();
}
