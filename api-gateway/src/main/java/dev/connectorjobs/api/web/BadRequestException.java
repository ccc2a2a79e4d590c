package dev.connectorjobs.api.web;

/** A request that cannot be understood (e.g. a malformed id); answered with 400. */
public final class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
