package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the endpoint management connectors: Jamf Pro (Apple computers and mobile
 * devices) and Microsoft Configuration Manager (its AdminService). A new connector of this family is
 * declared here and listed in {@link #all()}.
 */
public final class EndpointManagementConnectors {

    private static final OperationDescriptor TEST_CONNECTION = OperationDescriptor.of(
            "test_connection",
            "Authenticates and reads the server's version: checks the configured URL and credentials");

    private static ParameterDescriptor publish() {
        return optional(
                "publish",
                ParameterType.BOOLEAN,
                "also publish every record to the assets.normalized topic (default false)");
    }

    private static ParameterDescriptor maxAssets() {
        return optional("max_assets", ParameterType.INTEGER, "stop after this many records (default: all)")
                .between(1, ItsmConnectors.MAX_ASSETS);
    }

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

    private EndpointManagementConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(JAMF, SCCM);
    }
}
