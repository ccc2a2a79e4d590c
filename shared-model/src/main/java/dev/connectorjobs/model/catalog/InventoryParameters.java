package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;

/** The parameters every {@code fetch_*} operation declares alike. */
final class InventoryParameters {

    private InventoryParameters() {}

    /** {@code publish}: also publish every record to {@code assets.normalized}. */
    static ParameterDescriptor publish() {
        return optional(
                "publish",
                ParameterType.BOOLEAN,
                "also publish every record to the assets.normalized topic (default false)");
    }

    /** {@code max_assets}: stop after this many records, 1 to {@link ItsmConnectors#MAX_ASSETS}. */
    static ParameterDescriptor maxAssets() {
        return optional("max_assets", ParameterType.INTEGER, "stop after this many records (default: all)")
                .between(1, ItsmConnectors.MAX_ASSETS);
    }
}
