package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.activedirectory.Directory.Session;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code test_connection}: connects and binds (failing over between the configured domain
 * controllers), reads the root DSE and then the configured base DN. The result reports what the
 * domain controller says of itself: {@code default_naming_context} (the domain's DN, the usual
 * {@code base-dn}), {@code dns_host_name}, {@code root_domain_naming_context}, {@code
 * domain_controller_functionality}, {@code supported_controls} and whether the simple paged results
 * control the reads need is among them. A base DN the directory does not have fails the job
 * permanently with {@code NotFound} naming it.
 */
final class ConnectionCheck {

    /** The root DSE attributes asked for; {@code domainControllerFunctionality} is Active Directory's level (7 = 2016). */
    static final String[] ROOT_DSE = {
        "defaultNamingContext",
        "dnsHostName",
        "rootDomainNamingContext",
        "domainControllerFunctionality",
        "supportedControl",
        "supportedLDAPVersion",
        "vendorName"
    };

    private final Directory directory;
    private final DN base;
    private final boolean ldaps;
    private final String identity;
    private final String connector;

    ConnectionCheck(Directory directory, DN base, boolean ldaps, String identity, String connector) {
        this.directory = directory;
        this.base = base;
        this.ldaps = ldaps;
        this.identity = identity;
        this.connector = connector;
    }

    Map<String, Object> test(JobContext job) {
        return directory.session(job, this::check);
    }

    private Map<String, Object> check(Session session) {
        SearchResultEntry root = session.entry("", "read of the root DSE", ROOT_DSE);
        if (root == null) {
            throw ConnectorException.permanent(
                    "AccessDenied",
                    connector + ": the directory shows no root DSE to " + identity + "; it is not an LDAP server the"
                            + " connector can use, or the account may not read it");
        }
        SearchResultEntry baseEntry = session.entry(base.toString(), "read of the base DN " + base, "1.1");
        if (baseEntry == null) {
            throw ConnectorException.permanent(
                    "NotFound",
                    connector + ": the base DN " + base + " does not exist in the directory (or " + identity
                            + " may not read it); the domain's DN is " + root.getAttributeValue("defaultNamingContext")
                            + "; check " + ActiveDirectoryProperties.PREFIX + ".base-dn");
        }
        List<String> controls = values(root, "supportedControl");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("server", (ldaps ? "ldaps://" : "ldap://") + session.server());
        result.put("bound_as", identity);
        putIfPresent(result, "default_naming_context", root.getAttributeValue("defaultNamingContext"));
        putIfPresent(result, "dns_host_name", root.getAttributeValue("dnsHostName"));
        putIfPresent(result, "root_domain_naming_context", root.getAttributeValue("rootDomainNamingContext"));
        putIfPresent(
                result, "domain_controller_functionality", root.getAttributeValue("domainControllerFunctionality"));
        result.put("supported_controls", controls);
        result.put("paged_results_supported", controls.contains(SimplePagedResultsControl.PAGED_RESULTS_OID));
        result.put("base_dn", base.toString());
        return result;
    }

    private static List<String> values(SearchResultEntry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return values == null ? List.of() : Arrays.asList(values);
    }

    private static void putIfPresent(Map<String, Object> result, String key, @Nullable String value) {
        if (value != null) {
            result.put(key, value);
        }
    }
}
