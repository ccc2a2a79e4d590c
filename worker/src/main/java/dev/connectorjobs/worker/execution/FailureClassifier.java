package dev.connectorjobs.worker.execution;

import dev.connectorjobs.worker.attempt.ConnectorException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Decides, once, whether a failure is worth another attempt. A {@link ConnectorException} says so
 * itself; I/O trouble and timeouts are retryable; programming and argument errors are permanent;
 * anything else is retryable, because a connector that did not classify its failure should not
 * lose the job on the first hiccup.
 */
final class FailureClassifier {

    private FailureClassifier() {}

    static Outcome.Failed classify(Throwable error) {
        return switch (error) {
            case ConnectorException e ->
                new Outcome.Failed(
                        e.errorType(), message(e), e.isRetryable(), e.retryAfter(), e.httpStatus(), e.spendsRetry());
            case IOException e -> Outcome.Failed.retryable("IOError", message(e));
            case UncheckedIOException e -> Outcome.Failed.retryable("IOError", message(e));
            case TimeoutException e -> Outcome.Failed.retryable("Timeout", message(e));
            case IllegalArgumentException e -> Outcome.Failed.permanent("InvalidArgument", message(e));
            case ClassCastException e -> Outcome.Failed.permanent("InvalidArgument", message(e));
            case NullPointerException e -> Outcome.Failed.permanent("InternalError", message(e));
            default -> Outcome.Failed.retryable(error.getClass().getSimpleName(), message(error));
        };
    }

    private static String message(Throwable error) {
        String message = error.getMessage();
        return message == null || message.isBlank() ? error.getClass().getSimpleName() : message;
    }
}
