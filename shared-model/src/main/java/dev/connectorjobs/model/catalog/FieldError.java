package dev.connectorjobs.model.catalog;

/**
 * One reason a submission is invalid.
 *
 * @param field JSON path of the offending field, e.g. {@code params.ms}
 * @param message what is wrong and what would be accepted
 */
public record FieldError(String field, String message) {}
