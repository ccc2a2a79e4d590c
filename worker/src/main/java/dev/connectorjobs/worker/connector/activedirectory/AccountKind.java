package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.Filter;
import java.util.List;

/**
 * The accounts the connector reads, each with the filter that selects them as Active Directory
 * recommends ({@code objectCategory} is indexed; users also need {@code objectClass=user}, since
 * contacts share the category {@code person}) and the attributes it asks for.
 */
final class AccountKind {

    /** Computer accounts: {@code fetch_assets}. */
    static final AccountKind COMPUTER = new AccountKind(
            "computer",
            Filter.createEqualityFilter("objectCategory", "computer"),
            List.of(
                    "objectGUID",
                    "cn",
                    "sAMAccountName",
                    "dNSHostName",
                    "operatingSystem",
                    "operatingSystemVersion",
                    "operatingSystemServicePack",
                    "lastLogonTimestamp",
                    "userAccountControl",
                    "whenCreated",
                    "whenChanged",
                    "description",
                    "location",
                    "managedBy"));

    /** User accounts: {@code fetch_users}. */
    static final AccountKind USER = new AccountKind(
            "user",
            Filter.createANDFilter(
                    Filter.createEqualityFilter("objectCategory", "person"),
                    Filter.createEqualityFilter("objectClass", "user")),
            List.of(
                    "objectGUID",
                    "cn",
                    "sAMAccountName",
                    "userPrincipalName",
                    "displayName",
                    "givenName",
                    "sn",
                    "mail",
                    "department",
                    "title",
                    "employeeID",
                    "lastLogonTimestamp",
                    "pwdLastSet",
                    "accountExpires",
                    "userAccountControl",
                    "whenCreated",
                    "whenChanged",
                    "description"));

    private final String kind;
    private final Filter filter;
    private final List<String> attributes;

    private AccountKind(String kind, Filter filter, List<String> attributes) {
        this.kind = kind;
        this.filter = filter;
        this.attributes = List.copyOf(attributes);
    }

    /** {@code attributes.kind} of its records: {@code computer} or {@code user}. */
    String kind() {
        return kind;
    }

    /** The filter that selects these accounts. */
    Filter filter() {
        return filter;
    }

    /** The attributes asked for. */
    String[] attributes() {
        return attributes.toArray(String[]::new);
    }
}
