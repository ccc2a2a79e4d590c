package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;

/**
 * The instance's own words on every failure: the Table API's {@code {"error": {"message",
 * "detail"}}} is appended to the failures the kit words without it (429, 5xx and other statuses the
 * HTTP client classifies), e.g. {@code (Rate limit exceeded: Rate limit of 1000 ...)}, so whoever
 * reads the job's error sees which rule the instance applied.
 */
final class ServiceNowFailures implements FailureHook {

    private final ResponseReader reader;

    ServiceNowFailures(ResponseReader reader) {
        this.reader = reader;
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        return Optional.empty();
    }

    @Override
    public ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        String error = reader.serviceError(result);
        String message = String.valueOf(standard.getMessage());
        if (error.isEmpty() || !explanation.isEmpty() && message.contains(explanation)) {
            return standard;
        }
        Integer status = standard.httpStatus().orElse(null);
        return standard.isRetryable()
                ? ConnectorException.retryable(
                        standard.errorType(),
                        message + error,
                        standard.retryAfter().orElse(null),
                        status)
                : ConnectorException.permanent(standard.errorType(), message + error, status);
    }
}
