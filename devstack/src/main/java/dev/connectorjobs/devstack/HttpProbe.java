package dev.connectorjobs.devstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Tells whether a URL answers {@code 200 OK}, e.g. a Spring Boot readiness probe. */
final class HttpProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI uri;

    HttpProbe(URI uri) {
        this.uri = uri;
    }

    boolean isReady() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build();
        int status =
                client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IllegalStateException(uri + " answered " + status);
        }
        return true;
    }
}
