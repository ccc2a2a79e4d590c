package dev.connectorjobs.worker.connector.freshservice;

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
 * Freshservice's reading of two failures the kit words generically: a 401 names the API key
 * property, and a 400 quotes every validation error ({@code {"description": "Validation failed",
 * "errors": [{"field", "message", "code"}]}}) as {@code Validation failed: email: It should be ...
 * (invalid_value)}, since the field is what the job's submitter has to fix.
 */
final class FreshserviceFailures implements FailureHook {

    private final ObjectMapper mapper;
    private final String apiKey;

    FreshserviceFailures(ObjectMapper mapper, String apiKey) {
        this.mapper = mapper;
        this.apiKey = apiKey;
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        return switch (status) {
            case 401 ->
                Optional.of(ConnectorException.permanent(
                        "AuthenticationFailed",
                        request + ": Freshservice rejected the API key; set a valid agent API key in"
                                + " jobs.connectors.freshservice.auth.api-key",
                        status));
            case 400 ->
                Optional.of(ConnectorException.permanent(
                        "InvalidRequest", request + ": " + validationErrors(result), status));
            default -> Optional.empty();
        };
    }

    private String validationErrors(HttpResult result) {
        JsonNode body;
        try {
            body = mapper.readTree(result.body());
        } catch (JacksonException e) {
            return "Freshservice gave no readable reason";
        }
        if (body == null) {
            return "Freshservice gave no readable reason";
        }
        StringJoiner text = new StringJoiner("; ", text(body.path("description"), "rejected") + ": ", "");
        text.setEmptyValue(text(body.path("description"), "rejected, without details"));
        for (JsonNode error : body.path("errors")) {
            String code = text(error.path("code"), "");
            text.add(text(error.path("field"), "(no field)") + ": " + text(error.path("message"), "invalid")
                    + (code.isEmpty() ? "" : " (" + code + ")"));
        }
        return Masking.mask(text.toString(), List.of(apiKey));
    }

    private static String text(JsonNode node, String otherwise) {
        return node.isValueNode() && !node.isNull() ? node.asString() : otherwise;
    }
}
