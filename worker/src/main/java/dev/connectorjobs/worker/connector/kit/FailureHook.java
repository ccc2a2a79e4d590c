package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * A vendor's own reading of a failed answer, consulted before the defaults of {@link VendorApi}.
 */
@FunctionalInterface
public interface FailureHook {

    /** No reading of its own: every failure gets the defaults. */
    FailureHook NONE = (status, request, explanation, result) -> Optional.empty();

    /**
     * The failure {@code status} means for this vendor, or empty for the default.
     *
     * @param request {@code <connector>: <method> <path> answered <status>}, to start the message with
     * @param explanation the vendor's words, masked; may be empty
     */
    Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result);

    /**
     * The failure to raise where {@link #failure} gave none: {@code standard}, the one {@link
     * VendorApi} would raise, unless the vendor words or classifies it differently (e.g. quotes its
     * explanation on a 429, or reads its own rate-limit reset header).
     *
     * @param explanation the vendor's words, masked; may be empty
     */
    default ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        return standard;
    }

    /**
     * The body of a failed answer as JSON, for a hook that reads the vendor's own error fields; a
     * missing node when the body is empty or not JSON.
     */
    static JsonNode body(ObjectMapper mapper, HttpResult result) {
        if (result.bodyLength() == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode body = mapper.readTree(result.body());
            return body == null ? MissingNode.getInstance() : body;
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }
}
