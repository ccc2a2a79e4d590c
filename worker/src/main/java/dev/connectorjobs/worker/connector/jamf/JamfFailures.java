package dev.connectorjobs.worker.connector.jamf;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Jamf Pro's reading of the permanent failures: its errors come as {@code {"httpStatus", "errors":
 * [{"code", "description", "field"}]}}, which the kit's defaults do not quote, so a 400, 403, 404 or
 * 409 names Jamf's codes ({@code INVALID_PRIVILEGE: Forbidden}) and, for a 403, the privilege to
 * grant. Other statuses keep the kit's defaults.
 */
final class JamfFailures implements FailureHook {

    private final ObjectMapper mapper;
    private final List<String> secrets;

    JamfFailures(ObjectMapper mapper, List<String> secrets) {
        this.mapper = mapper;
        this.secrets = List.copyOf(secrets);
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        String words = words(result);
        String because = words.isEmpty() ? (explanation.isEmpty() ? "" : ": " + explanation) : ": " + words;
        return switch (status) {
            case 403 ->
                Optional.of(ConnectorException.permanent(
                        "AccessDenied",
                        request + because + "; the API role or user account lacks the privilege (Read Computers,"
                                + " Read Mobile Devices, or for redeploy_framework Send Computer Remote Command to"
                                + " Install Package and Read Computer Check-In): grant it, or configure another",
                        status));
            case 404 -> Optional.of(ConnectorException.permanent("NotFound", request + because, status));
            case 400, 409, 422 ->
                Optional.of(ConnectorException.permanent("InvalidRequest", request + because, status));
            default -> Optional.empty();
        };
    }

    /** {@code CODE: description (field)} of every error Jamf listed, masked; empty when none. */
    private String words(HttpResult result) {
        JsonNode body;
        try {
            body = result.bodyLength() == 0 ? null : mapper.readTree(result.body());
        } catch (JacksonException e) {
            return "";
        }
        if (body == null) {
            return "";
        }
        StringJoiner words = new StringJoiner("; ");
        for (JsonNode error : body.path("errors")) {
            String code = error.path("code").asString("");
            String description = error.path("description").asString("");
            String field =
                    error.path("field").isString() ? " (" + error.path("field").stringValue() + ")" : "";
            String text = code + (code.isEmpty() || description.isEmpty() ? "" : ": ") + description + field;
            if (!text.isBlank()) {
                words.add(text);
            }
        }
        String text = words.toString();
        return Masking.mask(text.length() > 300 ? text.substring(0, 300) + "..." : text, secrets);
    }
}
