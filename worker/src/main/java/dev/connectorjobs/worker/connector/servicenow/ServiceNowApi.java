package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * Signed requests to one instance through the resilient client (retries, {@code Retry-After},
 * the {@code servicenow} breaker, correlation id and cancellation are its business). A 401 to an
 * OAuth-signed request renews the token and sends the request once more; a second 401, or any 401
 * with Basic credentials, is a permanent {@code AuthenticationFailed}. The HTTP client counts 401 as
 * an answer of a healthy service, so it never opens the breaker.
 */
final class ServiceNowApi {

    private final ServiceNowUrls urls;
    private final ServiceHttpClient http;
    private final Credentials credentials;
    private final ResponseReader reader;

    ServiceNowApi(ServiceNowUrls urls, ServiceHttpClient http, Credentials credentials, ResponseReader reader) {
        this.urls = urls;
        this.http = http;
        this.credentials = credentials;
        this.reader = reader;
    }

    /**
     * A request and the answer it finally got.
     *
     * @param call the request as last sent (for error messages: method and path only)
     * @param result the answer, 2xx unless the method says otherwise
     */
    record Exchange(HttpCall call, HttpResult result) {}

    ServiceNowUrls urls() {
        return urls;
    }

    ResponseReader reader() {
        return reader;
    }

    Credentials credentials() {
        return credentials;
    }

    /**
     * GETs {@code uri}.
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException for any answer but 2xx
     */
    Exchange get(URI uri, JobContext job) {
        return successful(send("GET", uri, null, job));
    }

    /** GETs {@code uri} and returns the answer whatever its status; see {@link #failure}. */
    Exchange getAnswer(URI uri, JobContext job) {
        return send("GET", uri, null, job);
    }

    /**
     * POSTs the JSON {@code body} to {@code uri}. Not retried inside the client (a lost answer may
     * hide a created record): callers make the operation safe to repeat.
     */
    Exchange post(URI uri, byte[] body, JobContext job) {
        return successful(send("POST", uri, body, job));
    }

    /** The exception that reports a non-2xx answer (see {@link ResponseReader#failure}). */
    ConnectorException failure(Exchange exchange) {
        return reader.failure(http, exchange.call(), exchange.result());
    }

    private Exchange successful(Exchange exchange) {
        if (!exchange.result().isSuccess()) {
            throw failure(exchange);
        }
        return exchange;
    }

    private Exchange send(String method, URI uri, byte @Nullable [] body, JobContext job) {
        String authorization = credentials.authorization(job);
        HttpCall call = call(method, uri, body, authorization);
        HttpResult result = http.exchange(call, job);
        if (result.status() == 401 && credentials.renewAfterRejection(authorization)) {
            call = call(method, uri, body, credentials.authorization(job));
            result = http.exchange(call, job);
        }
        return new Exchange(call, result);
    }

    private static HttpCall call(String method, URI uri, byte @Nullable [] body, String authorization) {
        HttpCall.Builder call = HttpCall.request(method, uri)
                .header("Accept", "application/json")
                .header("Authorization", authorization);
        if (body != null) {
            call.body(body, "application/json");
        }
        return call.build();
    }
}
