package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;

/**
 * A configured key file cannot serve: it is missing, unreadable, or holds no key of the kind the
 * vendor needs. The message names the property and the file and says what is wrong, never what the
 * file holds.
 */
public final class KeyFileException extends RuntimeException {

    private final String property;

    /**
     * @param property the property that names the file, e.g. {@code jobs.connectors.abm.auth.private-key-file}
     * @param problem what is wrong, starting with the file, e.g. {@code /etc/abm.pem does not exist}
     */
    public KeyFileException(String property, String problem) {
        super(property + ": " + problem, null, false, false);
        this.property = property;
    }

    /** The property that names the file. */
    public String property() {
        return property;
    }

    /**
     * The permanent {@code ConnectorNotConfigured} a job of {@code connector} fails with: what is
     * wrong, and the property and environment variable to set to {@code what}.
     */
    public ConnectorException notConfigured(ConnectorDescriptor connector, String what) {
        return ConnectorException.permanent(
                "ConnectorNotConfigured",
                connector.name() + " is not configured: " + getMessage() + "; set " + property + " (environment "
                        + ConnectorErrors.environmentName(property) + ") to " + what + " on the workers that run it");
    }
}
