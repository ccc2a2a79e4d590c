package dev.connectorjobs.worker.connector.inventory;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of inventory results ({@code jobs.inventory.*}).
 *
 * @param maxResultAssets most assets kept in a job's result; the rest are only counted (and
 *     published, if asked), and the result says {@code truncated}; default 500
 */
@ConfigurationProperties("jobs.inventory")
public record InventoryProperties(@DefaultValue("500") int maxResultAssets) {

    public InventoryProperties {
        if (maxResultAssets < 0) {
            throw new IllegalArgumentException("jobs.inventory.max-result-assets must not be negative");
        }
    }
}
