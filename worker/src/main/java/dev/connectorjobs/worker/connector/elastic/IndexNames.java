package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The {@code index} param of a job: checked before it reaches a URL path or an action line, since
 * the catalogue can only say that it is a string.
 */
final class IndexNames {

    /** Characters Elasticsearch never allows in a name, and that would change a URL path's meaning. */
    private static final Pattern FORBIDDEN = Pattern.compile("[\\s/\\\\?#\"<>|]");

    private static final String SAFE_IN_PATH = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.*,:";

    private IndexNames() {}

    /**
     * The search target: indices, data streams or aliases, comma-separated, wildcards allowed,
     * percent-encoded for the URL path.
     */
    static String searchTarget(JobContext job) {
        String index = Params.of(job).string("index");
        check(index, job);
        for (String part : index.split(",", -1)) {
            String name = part.startsWith("-") ? part.substring(1) : part;
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw invalid(job, "index '" + index + "' names an empty index, '.' or '..'");
            }
        }
        return encode(index);
    }

    /** The one index, data stream or alias a {@code bulk_index} job writes to. */
    static String writeTarget(JobContext job) {
        String index = Params.of(job).string("index");
        check(index, job);
        if (index.contains(",") || index.contains("*")) {
            throw invalid(job, "index names one index, data stream or alias to write to; was '" + index + "'");
        }
        return index;
    }

    private static void check(String index, JobContext job) {
        if (FORBIDDEN.matcher(index).find()) {
            throw invalid(
                    job,
                    "index must not contain whitespace or any of / \\ ? # \" < > | (Elasticsearch allows none"
                            + " of them in a name); was '" + index + "'");
        }
    }

    private static String encode(String index) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : index.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (b >= 0 && SAFE_IN_PATH.indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    private static RuntimeException invalid(JobContext job, String message) {
        return ConnectorErrors.invalidParams(job.connector(), message);
    }
}
