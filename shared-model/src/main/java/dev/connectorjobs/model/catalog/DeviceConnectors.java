package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.InventoryParameters.maxAssets;
import static dev.connectorjobs.model.catalog.InventoryParameters.publish;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the device and identity connectors: Microsoft Intune, Entra ID and Defender for
 * Endpoint (Microsoft Graph and the Defender API), Android Enterprise (Google) and Apple Business
 * Manager. A new connector of this family is declared here and listed in {@link #all()}.
 */
public final class DeviceConnectors {

    private static final OperationDescriptor TEST_CONNECTION = OperationDescriptor.of(
            "test_connection", "Obtains a token and reads one record: checks the configured URL and credentials");

    private static ParameterDescriptor deltaLink() {
        return optional(
                "delta_link",
                ParameterType.STRING,
                "the delta_link of an earlier run's result: returns only what changed since (incremental mode)");
    }

    private static ParameterDescriptor incremental() {
        return optional(
                "incremental",
                ParameterType.BOOLEAN,
                "read through a Graph delta query, so the result carries a delta_link for the next run (default"
                        + " false)");
    }

    /** Microsoft Intune: managed devices. */
    public static final ConnectorDescriptor INTUNE = new ConnectorDescriptor(
            "intune",
            "Microsoft Intune through Microsoft Graph v1.0: managed devices",
            Optional.of("intune"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads managed devices page by page, following @odata.nextLink",
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "sync_device",
                            "Asks Intune to sync one managed device (safe to repeat: a second sync request only"
                                    + " asks again)",
                            required("device_id", ParameterType.STRING, "the managed device's id"))));

    /** Microsoft Entra ID: users and devices, with delta queries. */
    public static final ConnectorDescriptor ENTRA_ID = new ConnectorDescriptor(
            "entra_id",
            "Microsoft Entra ID through Microsoft Graph v1.0: users and devices, full or incremental",
            Optional.of("entra_id"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_users",
                            "Reads users page by page; with incremental or delta_link through a delta query",
                            incremental(),
                            deltaLink(),
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "fetch_devices",
                            "Reads devices page by page; with incremental or delta_link through a delta query",
                            incremental(),
                            deltaLink(),
                            publish(),
                            maxAssets())));

    /** Microsoft Defender for Endpoint: machines and machine tags. */
    public static final ConnectorDescriptor DEFENDER = new ConnectorDescriptor(
            "defender",
            "Microsoft Defender for Endpoint API: machines and machine tags",
            Optional.of("defender"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads machines page by page; no machines (a 404) is an empty result",
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "tag_machine",
                            "Adds or removes a machine tag (safe to repeat: adding a present tag or removing an"
                                    + " absent one changes nothing)",
                            required("machine_id", ParameterType.STRING, "the machine's id"),
                            required("tag", ParameterType.STRING, "the tag"),
                            optional("action", ParameterType.STRING, "Add (default) or Remove")
                                    .oneOf("Add", "Remove"))));

    /** Android Enterprise: devices of one enterprise, and device commands. */
    public static final ConnectorDescriptor ANDROID_ENTERPRISE = new ConnectorDescriptor(
            "android_enterprise",
            "Android Management API: devices of the configured enterprise, and device commands",
            Optional.of("android_enterprise"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads the enterprise's devices page by page, following nextPageToken",
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "issue_command",
                            "Issues a command to one device; the result names the long-running operation",
                            required("device_id", ParameterType.STRING, "the device id (last part of its name)"),
                            required(
                                            "command",
                                            ParameterType.STRING,
                                            "LOCK, REBOOT, RESET_PASSWORD, RELINQUISH_OWNERSHIP, CLEAR_APP_DATA,"
                                                    + " START_LOST_MODE or STOP_LOST_MODE")
                                    .oneOf(
                                            "LOCK",
                                            "REBOOT",
                                            "RESET_PASSWORD",
                                            "RELINQUISH_OWNERSHIP",
                                            "CLEAR_APP_DATA",
                                            "START_LOST_MODE",
                                            "STOP_LOST_MODE"),
                            optional(
                                    "duration",
                                    ParameterType.STRING,
                                    "how long the command stays valid, e.g. 600s (Android default 10 minutes)"))));

    /** Apple Business Manager: organization devices. */
    public static final ConnectorDescriptor ABM = new ConnectorDescriptor(
            "abm",
            "Apple Business Manager API: the organization's devices",
            Optional.of("abm"),
            List.of(
                    TEST_CONNECTION,
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads the organization's devices page by page, following the cursor",
                            publish(),
                            maxAssets())));

    private DeviceConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(INTUNE, ENTRA_ID, DEFENDER, ANDROID_ENTERPRISE, ABM);
    }
}
