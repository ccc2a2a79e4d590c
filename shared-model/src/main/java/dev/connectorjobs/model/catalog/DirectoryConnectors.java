package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.InventoryParameters.maxAssets;
import static dev.connectorjobs.model.catalog.InventoryParameters.publish;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;

import java.util.List;
import java.util.Optional;

/**
 * Declarations of the directory connectors: on-premises directories read over LDAP (Active
 * Directory). A new connector of this family is declared here and listed in {@link #all()}.
 */
public final class DirectoryConnectors {

    /** The longest {@code filter} param an LDAP connector accepts, in characters. */
    public static final int MAX_FILTER_LENGTH = 4096;

    private static ParameterDescriptor filter() {
        return optional(
                "filter",
                ParameterType.STRING,
                "an LDAP filter (RFC 4515) that narrows the read, ANDed with the operation's own, e.g."
                        + " (operatingSystem=Windows Server*); at most " + MAX_FILTER_LENGTH + " characters");
    }

    private static ParameterDescriptor searchBase() {
        return optional(
                "search_base",
                ParameterType.STRING,
                "a DN at or below the configured base-dn to search instead of it, e.g."
                        + " OU=Servers,DC=corp,DC=example,DC=com");
    }

    /** Active Directory over LDAP: computer and user accounts. */
    public static final ConnectorDescriptor ACTIVE_DIRECTORY = new ConnectorDescriptor(
            "active_directory",
            "Active Directory over LDAP (LDAPS or StartTLS): computer and user accounts, read with paged searches",
            Optional.of("active_directory"),
            List.of(
                    OperationDescriptor.of(
                            "test_connection",
                            "Binds and reads the root DSE (defaultNamingContext, dnsHostName, supported controls) and"
                                    + " the configured base DN: checks the configured URL, credentials and base DN"),
                    OperationDescriptor.of(
                            "fetch_assets",
                            "Reads computer accounts ((objectCategory=computer)) below the base DN page by page with"
                                    + " the simple paged results control",
                            filter(),
                            searchBase(),
                            publish(),
                            maxAssets()),
                    OperationDescriptor.of(
                            "fetch_users",
                            "Reads user accounts ((&(objectCategory=person)(objectClass=user))) below the base DN"
                                    + " page by page with the simple paged results control",
                            filter(),
                            searchBase(),
                            publish(),
                            maxAssets())));

    private DirectoryConnectors() {}

    /** Every connector of this family. */
    public static List<ConnectorDescriptor> all() {
        return List.of(ACTIVE_DIRECTORY);
    }
}
