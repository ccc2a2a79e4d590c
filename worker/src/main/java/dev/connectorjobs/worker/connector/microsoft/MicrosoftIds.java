package dev.connectorjobs.worker.connector.microsoft;

import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import java.util.regex.Pattern;

/**
 * Checks of ids a job names before they go into a URL path: only the characters such ids have, so
 * that no value can add a path segment, a query or an encoded slash.
 */
public final class MicrosoftIds {

    /** A GUID, as Graph gives managed devices, users and devices. */
    public static final Pattern GUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** A Defender machine id: 40 hexadecimal digits. */
    public static final Pattern MACHINE_ID = Pattern.compile("[0-9a-fA-F]{40}");

    private MicrosoftIds() {}

    /**
     * {@code value} when it matches {@code shape}.
     *
     * @param param the job param it came from, for the message
     * @param example a valid id, for the message
     * @throws dev.connectorjobs.worker.attempt.ConnectorException permanent {@code InvalidRequest} otherwise
     */
    public static String check(String connector, String param, String value, Pattern shape, String example) {
        if (!shape.matcher(value).matches()) {
            throw ConnectorErrors.invalidParams(
                    connector, param + " must be an id such as " + example + "; was '" + printable(value) + "'");
        }
        return value;
    }

    private static String printable(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 60 ? printable : printable.substring(0, 60) + "...";
    }
}
