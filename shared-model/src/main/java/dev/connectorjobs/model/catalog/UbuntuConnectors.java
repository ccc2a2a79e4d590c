package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the Ubuntu fleet connectors: Canonical Landscape (REST API v2). A new connector of
 * this family is declared here and listed in {@link #all()}.
 */
public final class UbuntuConnectors {

    /** The most computers one {@code run_script} job may name in {@code computer_ids}. */
    public static final int MAX_COMPUTER_IDS = 1000;

    /** Canonical Landscape: computers, and scripts run on them as activities. */
    public static final ConnectorDescriptor LANDSCAPE = new ConnectorDescriptor(
            "landscape",
            "Canonical Landscape (REST API v2): registered computers, and stored scripts run on them",
            Optional.of("landscape"),
            List.of(
                    OperationDescriptor.of(
                            "test_connection",
                            "Logs in and reads one computer: checks the configured URL and credentials"),
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads registered computers page by page with their network devices, following next",
                            optional(
                                    "publish",
                                    ParameterType.BOOLEAN,
                                    "also publish every record to the assets.normalized topic (default false)"),
                            optional("max_assets", ParameterType.INTEGER, "stop after this many records (default: all)")
                                    .between(1, ItsmConnectors.MAX_ASSETS)),
                    OperationDescriptor.of(
                            "run_script",
                            "Runs a stored script on the computers a query or a list of ids selects and waits for"
                                    + " the activity to finish; a retried job resumes waiting instead of running the"
                                    + " script again, and a revoked one cancels the deliveries still queued",
                            required("script_id", ParameterType.INTEGER, "the stored script's id")
                                    .between(1, Long.MAX_VALUE),
                            optional(
                                    "query",
                                    ParameterType.STRING,
                                    "a Landscape computer query selecting the computers, e.g. tag:web"),
                            optional(
                                    "computer_ids",
                                    ParameterType.ARRAY,
                                    "ids of the computers to run it on (instead of, or with, query)"),
                            optional(
                                    "username",
                                    ParameterType.STRING,
                                    "the user the script runs as on each computer (default: the script's own)"))));

    private UbuntuConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(LANDSCAPE);
    }
}
