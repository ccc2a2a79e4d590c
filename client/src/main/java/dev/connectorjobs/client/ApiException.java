package dev.connectorjobs.client;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The API answered with an error: an RFC 9457 problem document ({@code application/problem+json})
 * or, from a proxy in between, some other body. The subtypes say what kind of error it is; this
 * class itself stands for the rest (other 4xx, 5xx).
 */
public class ApiException extends ConnectorJobsException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final @Nullable String type;
    private final @Nullable String title;
    private final @Nullable String detail;
    private final transient @Nullable JsonNode problem;

    ApiException(Problem problem) {
        super(problem.message());
        this.status = problem.status();
        this.type = problem.type();
        this.title = problem.title();
        this.detail = problem.detail();
        this.problem = problem.document();
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }

    /** The problem's {@code type} URI, e.g. {@code https://.../problems/invalid-request}; null if none. */
    public @Nullable String type() {
        return type;
    }

    /** The problem's {@code title}; null when the body was not a problem document. */
    public @Nullable String title() {
        return title;
    }

    /** The problem's {@code detail}: what went wrong and what to do; null when absent. */
    public @Nullable String detail() {
        return detail;
    }

    /** The whole problem document, for members the client does not model; null when not JSON. */
    public @Nullable JsonNode problem() {
        return problem;
    }
}
