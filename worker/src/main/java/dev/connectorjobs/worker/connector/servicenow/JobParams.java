package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads job params that the API has already checked for type, and checks what only the connector
 * knows (table names, sys_ids). Failures are permanent {@code InvalidRequest}s.
 */
final class JobParams {

    /** A table name: what may go into an API path unescaped. */
    static final Pattern TABLE = Pattern.compile("[a-z0-9_]{1,80}");

    /** A sys_id: 32 characters, hexadecimal for every record the instance creates itself. */
    static final Pattern SYS_ID = Pattern.compile("[A-Za-z0-9]{1,32}");

    private JobParams() {}

    static Optional<String> string(Map<String, Object> params, String name) {
        Object value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String text)) {
            throw invalid(name + " must be a string");
        }
        return Optional.of(text);
    }

    static String required(Map<String, Object> params, String name) {
        return string(params, name)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> invalid(name + " is required and must be a non-empty string"));
    }

    /** An integer param as the instance wants it: text. */
    static Optional<String> integer(Map<String, Object> params, String name) {
        Object value = params.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Number number) || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw invalid(name + " must be an integer");
        }
        return Optional.of(Long.toString(number.longValue()));
    }

    static String table(String name, String table) {
        if (!TABLE.matcher(table).matches()) {
            throw invalid(name + " must be a table name of lower-case letters, digits and '_' (e.g. cmdb_ci_server);"
                    + " was '" + abbreviate(table) + "'");
        }
        return table;
    }

    static String sysId(String sysId) {
        if (!SYS_ID.matcher(sysId).matches()) {
            throw invalid("sys_id must be up to 32 letters and digits; was '" + abbreviate(sysId) + "'");
        }
        return sysId;
    }

    static ConnectorException invalid(String message) {
        return ConnectorException.permanent("InvalidRequest", ServiceNowConnector.NAME + ": " + message);
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 80 ? printable : printable.substring(0, 80) + "...";
    }
}
