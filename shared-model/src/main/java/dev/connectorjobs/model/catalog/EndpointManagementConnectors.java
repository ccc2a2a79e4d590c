package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.InventoryParameters.maxAssets;
import static dev.connectorjobs.model.catalog.InventoryParameters.publish;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the endpoint management connectors: Jamf Pro (Apple computers and mobile
 * devices), Microsoft Configuration Manager (its AdminService) and Canonical Landscape (Ubuntu
 * computers, and scripts run on them). A new connector of this family is
 * declared here and listed in {@link #all()}.
 */
public final class EndpointManagementConnectors {

    private static final OperationDescriptor TEST_CONNECTION = OperationDescriptor.of(
            "test_connection",
            "Authenticates and reads the server's version: checks the configured URL and credentials");

    /** Jamf Pro: computers, mobile devices, and redeploying the management framework to a computer. */
    public static final ConnectorDescriptor JAMF = new ConnectorDescriptor(
            "jamf",
            "Jamf Pro API: computer and mobile device inventory, and redeploying the Jamf management framework",
            Optional.of("jamf"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads the computer inventory page by page, sorted by id",
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "fetch_mobile_devices",
                            "Reads the mobile device inventory page by page, sorted by id",
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "redeploy_framework",
                            "Queues the command that reinstalls the Jamf management framework on one computer (safe"
                                    + " to repeat: a second command reinstalls it once more)",
                            required("computer_id", ParameterType.STRING, "the computer's Jamf Pro id, e.g. 42"))));

    /** Microsoft Configuration Manager: devices, and client notifications through the AdminService. */
    public static final ConnectorDescriptor SCCM = new ConnectorDescriptor(
            "sccm",
            "Microsoft Configuration Manager AdminService: devices, and client notifications to a collection",
            Optional.of("sccm"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads devices (SMS_R_System) page by page with $top/$skip or @odata.nextLink",
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "run_client_operation",
                            "Asks the clients of a collection to run an action now, e.g. retrieve machine policy (safe"
                                    + " to repeat: a second notification only asks again)",
                            required("collection_id", ParameterType.STRING, "the target collection, e.g. SMS00001"),
                            optional(
                                    "action",
                                    ParameterType.STRING,
                                    "machine_policy (default), user_policy, discovery_data, software_inventory,"
                                            + " hardware_inventory, application_evaluation or"
                                            + " software_update_evaluation"),
                            optional(
                                    "resource_ids",
                                    ParameterType.ARRAY,
                                    "only these members of the collection (ResourceId integers); default all"),
                            optional(
                                            "randomization_window",
                                            ParameterType.INTEGER,
                                            "passed to Configuration Manager as RandomizationWindow, which spreads the clients'"
                                                    + " start (its unit is not documented); default none")
                                    .between(0, 86_400))));

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
                            publish(),
                            maxAssets()),
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

    private EndpointManagementConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(JAMF, SCCM, LANDSCAPE);
    }
}
