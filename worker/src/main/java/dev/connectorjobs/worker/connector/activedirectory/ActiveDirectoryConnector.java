package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.DirectoryConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.KeyFileException;
import java.security.GeneralSecurityException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code active_directory} connector (LDAP, with the UnboundID LDAP SDK), declared as {@link
 * DirectoryConnectors#ACTIVE_DIRECTORY}: {@code test_connection} ({@link ConnectionCheck}), {@code
 * fetch_assets} (computer accounts) and {@code fetch_users} (user accounts), both read by {@link
 * AccountInventory} with paged searches. Every job runs on a connection of the one {@link
 * DirectoryPool} of the configured directory, created by the first job and closed with the worker.
 *
 * <p>A configuration without URL, base DN or credential, or whose key or trust store cannot be read,
 * still lets the worker start: this connector's jobs then fail permanently with {@code
 * ConnectorNotConfigured} naming the property.
 */
@Component
final class ActiveDirectoryConnector implements Connector, AutoCloseable {

    static final ConnectorDescriptor CONNECTOR = DirectoryConnectors.ACTIVE_DIRECTORY;

    private static final Logger log = LoggerFactory.getLogger(ActiveDirectoryConnector.class);

    /** Null exactly when {@link #unconfigured} is not. */
    private final @Nullable DirectoryPool pool;

    private final @Nullable ConnectionCheck check;
    private final @Nullable AccountInventory accounts;
    private final @Nullable ConnectorException unconfigured;

    ActiveDirectoryConnector(
            ActiveDirectoryProperties properties,
            BreakerRegistry breakers,
            InventoryProperties limits,
            AssetSink sink) {
        ConnectorException missing = properties.unconfigured(CONNECTOR).orElse(null);
        DirectoryPool created = null;
        if (missing == null) {
            try {
                created = pool(properties);
            } catch (ConnectorException e) {
                missing = e;
            }
        }
        this.unconfigured = missing;
        this.pool = created;
        if (created == null) {
            this.check = null;
            this.accounts = null;
            return;
        }
        DN base = baseDn(properties);
        Directory directory = new Directory(
                created,
                breakers.get(CONNECTOR.breaker().orElseThrow()),
                new DirectoryFailures(CONNECTOR.name(), properties.secrets()));
        this.check = new ConnectionCheck(directory, base, properties.ldaps(), created.identity(), CONNECTOR.name());
        this.accounts = new AccountInventory(
                directory,
                base,
                properties.pageSize(),
                properties.pageCap(),
                new AccountNormalizer(CONNECTOR.name()),
                limits,
                sink,
                CONNECTOR.name());
    }

    /**
     * The pool for {@code properties}, with the TLS material they name.
     *
     * @throws ConnectorException {@code ConnectorNotConfigured} when a key or trust store cannot serve
     */
    private static DirectoryPool pool(ActiveDirectoryProperties properties) {
        try {
            return new DirectoryPool(properties, DirectoryTls.of(properties));
        } catch (KeyFileException e) {
            log.warn("connector={} event=not_configured reason=\"{}\"", CONNECTOR.name(), e.getMessage());
            throw e.notConfigured(
                    CONNECTOR, "a readable key or trust store (PKCS#12 or JKS; certificates also as PEM or DER)");
        } catch (GeneralSecurityException e) {
            throw ConnectorException.permanent(
                    "ConnectorNotConfigured",
                    CONNECTOR.name() + " is not configured: no TLS context can be made from "
                            + ActiveDirectoryProperties.PREFIX + ".truststore and .auth.keystore ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static DN baseDn(ActiveDirectoryProperties properties) {
        try {
            return new DN(Objects.requireNonNull(properties.baseDn(), "base-dn"));
        } catch (LDAPException e) {
            throw new IllegalStateException("base-dn was checked to be a DN", e);
        }
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return CONNECTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> configured(check).test(context);
            case "fetch_assets" -> configured(accounts).fetch(AccountKind.COMPUTER, context);
            case "fetch_users" -> configured(accounts).fetch(AccountKind.USER, context);
            default -> throw ConnectorErrors.unknownOperation(CONNECTOR, context.operation());
        };
    }

    /** {@code operation}, or the remembered {@code ConnectorNotConfigured}. */
    private <T> T configured(@Nullable T operation) {
        if (unconfigured != null) {
            throw unconfigured;
        }
        return Objects.requireNonNull(operation, "a configured connector has its operations");
    }

    /** Closes the connection pool (Spring calls it when the worker stops). */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
