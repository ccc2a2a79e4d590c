package dev.connectorjobs.api.web;

import java.io.IOException;

/** A request body without a declared length grew past the limit while it was read. */
public final class RequestTooLargeException extends IOException {

    private final long limit;

    public RequestTooLargeException(long limit) {
        super("The request body exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
