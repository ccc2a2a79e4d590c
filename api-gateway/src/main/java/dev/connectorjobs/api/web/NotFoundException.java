package dev.connectorjobs.api.web;

/** The addressed resource does not exist; answered with 404. */
public final class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
