package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.URIBuilder;

/**
 * The Table API's paths: which table names and sys_ids may go into them unescaped, and the paging
 * offset in a page's URL.
 */
final class ServiceNowUrls {

    static final String TABLE_PATH = "/api/now/table/";
    static final String OFFSET = "sysparm_offset";

    /** A table name: what may go into an API path unescaped. */
    static final Pattern TABLE = Pattern.compile("[a-z0-9_]{1,80}");

    /** A sys_id: 32 characters, hexadecimal for every record the instance creates itself. */
    static final Pattern SYS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private ServiceNowUrls() {}

    /** {@code page} with {@code sysparm_offset} set to {@code offset}. */
    static URI withOffset(URI page, long offset) {
        try {
            return new URIBuilder(page)
                    .setParameter(OFFSET, Long.toString(offset))
                    .build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + page.getPath(), e);
        }
    }

    /** The {@code sysparm_offset} of {@code page}; 0 when absent or unreadable. */
    static long offsetOf(URI page) {
        for (NameValuePair parameter : new URIBuilder(page).getQueryParams()) {
            if (parameter.getName().equals(OFFSET) && parameter.getValue() != null) {
                try {
                    return Math.max(0, Long.parseLong(parameter.getValue().trim()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** {@code table}, the value of param {@code name}, when it is a table name. */
    static String table(String name, String table) {
        if (!TABLE.matcher(table).matches()) {
            throw invalid(name + " must be a table name of lower-case letters, digits and '_' (e.g. cmdb_ci_server);"
                    + " was '" + abbreviate(table) + "'");
        }
        return table;
    }

    /** {@code sysId} when it is a sys_id. */
    static String sysId(String sysId) {
        if (!SYS_ID.matcher(sysId).matches()) {
            throw invalid("sys_id must be up to 32 letters and digits; was '" + abbreviate(sysId) + "'");
        }
        return sysId;
    }

    static ConnectorException invalid(String message) {
        return ConnectorErrors.invalidParams(ServiceNowConnector.NAME, message);
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }
}
