package dev.connectorjobs.api.web;

/** The request conflicts with the resource's current state; answered with 409. */
public final class ConflictException extends RuntimeException {

    private final String currentStatus;

    public ConflictException(String message, String currentStatus) {
        super(message);
        this.currentStatus = currentStatus;
    }

    /** The resource's status that caused the conflict, included in the problem document. */
    public String currentStatus() {
        return currentStatus;
    }
}
