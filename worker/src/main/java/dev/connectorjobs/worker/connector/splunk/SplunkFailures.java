package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The REST API's reading of failed answers: Splunk explains them in {@code {"messages": [{"type",
 * "text"}]}}, which the kit does not read, so every failure quotes those texts (a search's syntax
 * error on a 400, {@code call not properly authenticated} on a 401, the concurrent search quota on a
 * 503). A 401 names the properties to fix; it is permanent and not a breaker failure, as the kit
 * treats every 401.
 */
final class SplunkFailures implements FailureHook {

    private final ObjectMapper mapper;
    private final UnaryOperator<String> mask;

    /** @param mask masks the configured secrets in Splunk's words */
    SplunkFailures(ObjectMapper mapper, UnaryOperator<String> mask) {
        this.mapper = mapper;
        this.mask = mask;
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        String because = because(result);
        return switch (status) {
            case 401 ->
                Optional.of(ConnectorException.permanent(
                        "AuthenticationFailed",
                        request + because + "; Splunk refused the credentials: set a valid token in "
                                + SplunkProperties.PREFIX + ".auth.token, or a user and password in "
                                + SplunkProperties.PREFIX + ".auth.username and auth.password",
                        status));
            case 403 ->
                Optional.of(ConnectorException.permanent(
                        "AccessDenied",
                        request + because + "; the configured Splunk user may not do this: give its role the"
                                + " capability (e.g. search) and access to the indexes",
                        status));
            case 404 -> Optional.of(ConnectorException.permanent("NotFound", request + because, status));
            case 400, 409, 422 ->
                Optional.of(ConnectorException.permanent("InvalidRequest", request + because, status));
            default -> Optional.empty();
        };
    }

    /** Retryable answers (429, 5xx) keep their type and wait, with Splunk's words added. */
    @Override
    public ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        String because = because(result);
        if (because.isEmpty()) {
            return standard;
        }
        String message = standard.getMessage() + because;
        Integer status = result.status();
        return standard.isRetryable()
                ? ConnectorException.retryable(
                        standard.errorType(), message, standard.retryAfter().orElse(null), status)
                : ConnectorException.permanent(standard.errorType(), message, status);
    }

    /** {@code ": <Splunk's texts>"}, masked, or empty when the body has none. */
    private String because(HttpResult result) {
        JsonNode body = FailureHook.body(mapper, result);
        String text = SplunkMessages.text(body.path("messages"));
        return text.isEmpty() ? "" : ": " + mask.apply(text);
    }
}
