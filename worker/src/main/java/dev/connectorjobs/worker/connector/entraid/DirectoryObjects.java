package dev.connectorjobs.worker.connector.entraid;

import java.util.List;

/**
 * The two lists the connector reads, with the fields it asks for ({@code $select}) and the {@code
 * attributes.kind} of their records.
 */
enum DirectoryObjects {
    USERS(
            "/users",
            "user",
            List.of(
                    "id",
                    "displayName",
                    "userPrincipalName",
                    "mail",
                    "accountEnabled",
                    "userType",
                    "jobTitle",
                    "department",
                    "createdDateTime",
                    "onPremisesSyncEnabled")),
    DEVICES(
            "/devices",
            "device",
            List.of(
                    "id",
                    "deviceId",
                    "displayName",
                    "operatingSystem",
                    "operatingSystemVersion",
                    "approximateLastSignInDateTime",
                    "accountEnabled",
                    "trustType",
                    "isCompliant",
                    "isManaged",
                    "registrationDateTime"));

    private final String path;
    private final String kind;
    private final List<String> select;

    DirectoryObjects(String path, String kind, List<String> select) {
        this.path = path;
        this.kind = kind;
        this.select = select;
    }

    /** The list's path below the base URL, e.g. {@code /users}. */
    String path() {
        return path;
    }

    /** The delta query's path, e.g. {@code /users/delta}. */
    String deltaPath() {
        return path + "/delta";
    }

    /** {@code user} or {@code device}. */
    String kind() {
        return kind;
    }

    /** The {@code $select} value. */
    String select() {
        return String.join(",", select);
    }
}
