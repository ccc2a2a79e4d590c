package dev.connectorjobs.api.web;

import java.net.URI;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error into an RFC 9457 problem document. Framework errors (malformed JSON, wrong
 * media type, unknown route) are handled by the base class; the application's own exceptions map
 * to 400, 404 and 422 here; PostgreSQL out of reach is a 503 with {@code Retry-After}; anything
 * unexpected is a 500 whose body names no internal detail.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_BASE = ProblemWriter.TYPE_BASE;

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        ProblemDetail problem =
                problem(HttpStatus.UNPROCESSABLE_CONTENT, "invalid-request", "Invalid request", e.getMessage());
        problem.setProperty(
                "errors",
                e.errors().stream()
                        .map(f -> Map.of("field", f.field(), "message", f.message()))
                        .toList());
        return problem;
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "conflict", "Conflict", e.getMessage());
        problem.setProperty("current_status", e.currentStatus());
        return problem;
    }

    @ExceptionHandler(ForbiddenException.class)
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    @ExceptionHandler(TooManyRequestsException.class)
    ResponseEntity<ProblemDetail> tooMany(TooManyRequestsException e) {
        long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests", e.getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(
                                HttpStatus.CONTENT_TOO_LARGE,
                                "payload-too-large",
                                "Payload too large",
                                tooLarge.getMessage() + "; send less data or split the request"));
            }
        }
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                "The request body is not valid JSON or does not have the expected shape; check the syntax");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return problem(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", e.getMessage());
    }

    /**
     * A role check on a handler failed: passed on to the security filters, which answer it as they
     * answer the same check on the path (401 without a key, 403 with a key whose role is not enough).
     */
    @ExceptionHandler({AccessDeniedException.class, AuthenticationException.class})
    void security(RuntimeException e) {
        throw e;
    }

    /** A header or parameter the firewall refuses, found when the handler reads it. */
    @ExceptionHandler(RequestRejectedException.class)
    ProblemDetail rejected(RequestRejectedException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "rejected-request",
                "Request rejected",
                e.getMessage() + "; send printable text without control characters");
    }

    /** A query or form parameter whose percent-escapes are not UTF-8, found when the handler reads it. */
    @ExceptionHandler(InvalidParameterException.class)
    ProblemDetail invalidParameter(InvalidParameterException e) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                "A query parameter could not be decoded: its percent-escapes are not UTF-8. Percent-encode"
                        + " parameter values as UTF-8.");
    }

    /**
     * PostgreSQL could not be reached or gave up for a passing reason (connection refused, pool
     * timeout, serialization failure): nothing is wrong with the request, so it is worth sending
     * again. A submission sent again with the same {@code Idempotency-Key} cannot make a second job,
     * whether or not the first one was stored.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessException.class,
        RecoverableDataAccessException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        log.warn("The job store did not answer a request: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "store-unavailable",
                        "Job store unavailable",
                        "The job store (PostgreSQL) did not answer, so the request may not have been applied."
                                + " Retry in a few seconds; a submission retried with the same Idempotency-Key"
                                + " makes at most one job."));
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception e) {
        log.error("Unhandled error while serving a request", e);
        return problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "The server failed to handle the request; it has been logged. Retry later or contact the operators.");
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, @Nullable String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + type));
        problem.setTitle(title);
        return problem;
    }
}
