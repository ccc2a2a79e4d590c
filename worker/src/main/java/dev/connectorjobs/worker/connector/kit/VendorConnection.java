package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's {@link VendorApi}, or the reason it has none: built once when the connector is
 * created, so that a worker whose configuration lacks a credential (or whose key file cannot be
 * read) still starts and runs its other connectors, while each job of this connector fails
 * permanently with the remembered {@code ConnectorNotConfigured}.
 *
 * <p>A connector keeps one in a field and calls {@link #api()} at the start of each operation.
 */
public final class VendorConnection {

    private static final Logger log = LoggerFactory.getLogger(VendorConnection.class);

    private final @Nullable VendorApi api;
    private final @Nullable ConnectorException unconfigured;

    private VendorConnection(@Nullable VendorApi api, @Nullable ConnectorException unconfigured) {
        this.api = api;
        this.unconfigured = unconfigured;
    }

    /** A configured connection. */
    public static VendorConnection of(VendorApi api) {
        return new VendorConnection(api, null);
    }

    /** A connection that is not configured: every {@link #api()} throws {@code reason}. */
    public static VendorConnection notConfigured(ConnectorException reason) {
        return new VendorConnection(null, reason);
    }

    /**
     * Not configured for the first missing setting, if any ({@code ConnectorErrors.notConfigured});
     * else the API {@code build} builds.
     */
    public static VendorConnection unless(Optional<ConnectorException> unconfigured, Supplier<VendorApi> build) {
        return unconfigured.map(VendorConnection::notConfigured).orElseGet(() -> of(build.get()));
    }

    /**
     * The API {@code build} builds from a key file; when the file cannot serve ({@link
     * KeyFileException}), not configured with {@link KeyFileException#notConfigured} (logged once as a
     * warning, without the file's content).
     *
     * @param what what the key file should hold, for the message, e.g. {@code the service account's
     *     JSON key file}
     */
    public static VendorConnection withKeyFile(ConnectorDescriptor connector, String what, Supplier<VendorApi> build) {
        try {
            return of(build.get());
        } catch (KeyFileException e) {
            log.warn("connector={} event=not_configured reason=\"{}\"", connector.name(), e.getMessage());
            return notConfigured(e.notConfigured(connector, what));
        }
    }

    /** Whether jobs can reach the vendor (else they fail with {@code ConnectorNotConfigured}). */
    public boolean configured() {
        return api != null;
    }

    /**
     * The API.
     *
     * @throws ConnectorException the remembered permanent {@code ConnectorNotConfigured} when the
     *     connector is not configured
     */
    public VendorApi api() {
        if (unconfigured != null) {
            throw unconfigured;
        }
        if (api == null) {
            throw new IllegalStateException("a vendor connection has neither an API nor a configuration problem");
        }
        return api;
    }
}
