package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.SearchScope;
import dev.connectorjobs.model.catalog.DirectoryConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import java.util.Optional;

/**
 * Where a read searches and what for: the configured base DN or the job's {@code search_base} below
 * it, and the operation's own filter ANDed with the job's {@code filter}.
 *
 * <p>The job's filter is parsed by the LDAP SDK into a filter tree and joined to the operation's as
 * a tree, never as text, so it can only narrow the read: a value such as {@code
 * x)(|(objectClass=*)} is a syntax error, not a widened search. A {@code search_base} outside the
 * configured base DN is refused, so a job reads nothing the configuration did not allow.
 *
 * @param base the DN searched, subtree
 * @param filter the whole filter sent
 */
record SearchTarget(DN base, Filter filter) {

    /** The target of {@code kind} for the job whose params are {@code params}, below {@code configuredBase}. */
    static SearchTarget of(AccountKind kind, Params params, DN configuredBase, String connector) {
        DN base = params.optionalString("search_base")
                .map(text -> searchBase(text.strip(), configuredBase, connector))
                .orElse(configuredBase);
        Optional<Filter> extra = params.optionalString("filter").map(text -> filter(text.strip(), connector));
        Filter filter = extra.map(f -> Filter.createANDFilter(kind.filter(), f)).orElse(kind.filter());
        return new SearchTarget(base, filter);
    }

    /** A subtree search of this target for {@code attributes}. */
    SearchRequest request(String... attributes) {
        return new SearchRequest(base.toString(), SearchScope.SUB, filter, attributes);
    }

    /** {@code search of <base> for <filter>}, for messages. */
    String describe() {
        return "search of " + base + " for " + filter;
    }

    private static DN searchBase(String text, DN configuredBase, String connector) {
        DN base;
        try {
            base = new DN(text);
        } catch (LDAPException e) {
            throw invalid(
                    connector,
                    "search_base is not a DN: " + e.getMessage() + "; give one like OU=Servers," + configuredBase);
        }
        if (!base.isDescendantOf(configuredBase, true)) {
            throw invalid(
                    connector,
                    "search_base " + base + " is not at or below the configured base DN " + configuredBase
                            + "; give a DN that ends with it, e.g. OU=Servers," + configuredBase);
        }
        return base;
    }

    private static Filter filter(String text, String connector) {
        if (text.length() > DirectoryConnectors.MAX_FILTER_LENGTH) {
            throw invalid(
                    connector,
                    "filter is " + text.length() + " characters long; at most " + DirectoryConnectors.MAX_FILTER_LENGTH
                            + " are allowed");
        }
        try {
            return Filter.create(text);
        } catch (LDAPException e) {
            throw invalid(
                    connector,
                    "filter is not a valid LDAP filter (RFC 4515): " + e.getMessage()
                            + "; e.g. (operatingSystem=Windows Server*), with special characters in values escaped"
                            + " as \\2a (*), \\28 ((), \\29 ()) and \\5c (\\)");
        }
    }

    private static ConnectorException invalid(String connector, String message) {
        return ConnectorErrors.invalidParams(connector, message);
    }
}
