package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One wrong field of a request, as a problem document's {@code errors} list it.
 *
 * @param field the field's path, e.g. {@code params.times} or {@code Idempotency-Key}
 * @param message what is wrong with it
 */
public record FieldError(
        @JsonProperty("field") String field,
        @JsonProperty("message") String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
