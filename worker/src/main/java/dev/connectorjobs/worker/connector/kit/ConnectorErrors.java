package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import java.util.Locale;

/** The failures every connector raises alike, worded alike. */
public final class ConnectorErrors {

    private ConnectorErrors() {}

    /**
     * A permanent {@code ConnectorNotConfigured}: names the property to set, its environment variable
     * and what it should hold.
     *
     * @param connector the connector's descriptor, which gives the property prefix
     * @param property the property below the prefix, e.g. {@code auth.client-id}
     * @param what what to set it to, e.g. {@code the app registration's client id}
     */
    public static ConnectorException notConfigured(ConnectorDescriptor connector, String property, String what) {
        String key = connector.propertyPrefix() + "." + property;
        return ConnectorException.permanent(
                "ConnectorNotConfigured",
                connector.name() + " is not configured: set " + key + " (environment " + environmentName(key) + ") to "
                        + what + " on the workers that run it");
    }

    /** The environment variable Spring binds to {@code key}: {@code JOBS_CONNECTORS_ENTRA_ID_AUTH_CLIENT_ID}. */
    public static String environmentName(String key) {
        return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** A permanent {@code UnknownOperation} that lists the operations the connector has. */
    public static ConnectorException unknownOperation(ConnectorDescriptor connector, String operation) {
        return ConnectorException.permanent(
                "UnknownOperation",
                connector.name() + " has no operation '" + operation + "'; it has: "
                        + String.join(", ", connector.operationNames()));
    }

    /** A permanent {@code InvalidRequest}: the job's params cannot be sent as they are. */
    public static ConnectorException invalidParams(String connector, String message) {
        return ConnectorException.permanent("InvalidRequest", connector + ": " + message);
    }

    /**
     * A permanent {@code MalformedResponse}: the vendor answered, but not as its API is documented.
     *
     * @param request what was asked, e.g. {@code GET /v1.0/users} (never a query or credentials)
     * @param what what is wrong, naming the field, e.g. {@code 'value' is missing}
     */
    public static ConnectorException malformed(String connector, String request, String what) {
        return ConnectorException.permanent(
                "MalformedResponse", connector + ": " + request + " answered with a malformed body: " + what);
    }
}
