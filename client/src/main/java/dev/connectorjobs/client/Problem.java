package dev.connectorjobs.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * An error answer, read once: the RFC 9457 members the API sends ({@code type, title, status,
 * detail}, and {@code errors} on 422), and the typed exception it stands for.
 */
record Problem(
        int status,
        @Nullable String type,
        @Nullable String title,
        @Nullable String detail,
        @Nullable JsonNode document,
        List<FieldError> fieldErrors,
        @Nullable Duration retryAfter,
        String request) {

    /** Reads an error answer; a body that is not JSON leaves only the status. */
    static Problem read(int status, String body, @Nullable Duration retryAfter, String request, ObjectMapper json) {
        JsonNode document = null;
        try {
            JsonNode parsed = json.readTree(body);
            document = parsed != null && parsed.isObject() ? parsed : null;
        } catch (JacksonException e) {
            // not JSON: a proxy's page, say; the status is all there is
        }
        if (document == null) {
            return new Problem(status, null, null, null, null, List.of(), retryAfter, request);
        }
        List<FieldError> errors = new ArrayList<>();
        for (JsonNode error : document.path("errors")) {
            errors.add(new FieldError(
                    error.path("field").asString(""), error.path("message").asString("")));
        }
        return new Problem(
                status,
                text(document, "type"),
                text(document, "title"),
                text(document, "detail"),
                document,
                List.copyOf(errors),
                retryAfter,
                request);
    }

    /** The exception for this answer. */
    ApiException exception() {
        return switch (status) {
            case 400 -> new BadRequestException(this);
            case 401 -> new AuthenticationException(this);
            case 403 -> new ForbiddenException(this);
            case 404 -> new NotFoundException(this);
            case 409 -> new ConflictException(this);
            case 422 -> new ValidationException(this);
            case 429 -> new RateLimitedException(this);
            default -> status >= 500 ? new ServerException(this) : new ApiException(this);
        };
    }

    /** "GET /api/v1/... answered 404 Not Found: No task with id ...; fields: ...". */
    String message() {
        StringBuilder text = new StringBuilder(request).append(" answered ").append(status);
        if (title != null) {
            text.append(' ').append(title);
        }
        if (detail != null) {
            text.append(": ").append(detail);
        }
        List<String> unsaid = fieldErrors.stream()
                .map(FieldError::toString)
                .filter(error -> detail == null || !detail.contains(error))
                .toList();
        if (!unsaid.isEmpty()) {
            text.append(detail == null ? ": " : "; ").append(String.join("; ", unsaid));
        }
        if (title == null && detail == null) {
            text.append(" (no problem document; is the base URL that of the api-gateway?)");
        }
        return text.toString();
    }

    private static @Nullable String text(JsonNode document, String name) {
        JsonNode node = document.get(name);
        return node == null || !node.isString() ? null : node.asString();
    }
}
