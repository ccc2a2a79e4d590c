package dev.connectorjobs.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Sends one logical request, with the client's bounded retries: on 429 and 503 after the server's
 * {@code Retry-After} (or a doubling backoff without one), and on a broken connection when the call
 * is safe to repeat. Every retry sends exactly the same request, headers included, so a submit's
 * {@code Idempotency-Key} is reused and a retry cannot create a second job. An error answer becomes
 * the {@link ApiException} subtype of its status.
 */
final class Http {

    /** Which failures a call may be repeated after. */
    enum Retry {
        /** 429, 503 and broken connections: reads, keyed submits, and idempotent commands. */
        SAFE,
        /** Only 429, which the API answers before storing anything: a batch submit, which has no key. */
        RATE_LIMIT_ONLY
    }

    record Call(
            String method,
            String path,
            @Nullable Object body,
            Map<String, String> headers,
            Retry retry,
            Duration timeout) {}

    record Answer(int status, JsonNode body) {}

    private final HttpClient client;
    private final String base;
    private final String authorization;
    private final ObjectMapper json;
    private final ClientSettings settings;

    Http(HttpClient client, String base, String apiKey, ObjectMapper json, ClientSettings settings) {
        this.client = client;
        this.base = base;
        this.authorization = "Bearer " + apiKey;
        this.json = json;
        this.settings = settings;
    }

    ObjectMapper json() {
        return json;
    }

    Answer send(Call call) {
        HttpRequest request = request(call);
        String label = call.method() + " " + call.path();
        for (int retry = 0; ; retry++) {
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                if (call.retry() != Retry.SAFE || retry >= settings.maxRetries()) {
                    throw new ConnectionException(
                            label + " failed: " + e + "; check that the api-gateway at " + base + " is reachable"
                                    + (retry > 0 ? " (after " + retry + " retries)" : ""),
                            e);
                }
                pause(backoff(retry), label);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorJobsException(label + " was interrupted", e);
            }
            int status = response.statusCode();
            if (status < 400) {
                return new Answer(status, body(response.body(), status, label));
            }
            Optional<Duration> retryAfter = RetryAfter.parse(
                    response.headers().firstValue("Retry-After"),
                    settings.clock().instant());
            if (retryable(status, call.retry()) && retry < settings.maxRetries()) {
                Duration wait = retryAfter.orElse(backoff(retry));
                if (wait.compareTo(settings.maxRetryWait()) <= 0) {
                    pause(wait, label);
                    continue;
                }
            }
            throw Problem.read(status, response.body(), retryAfter.orElse(null), label, json)
                    .exception();
        }
    }

    private JsonNode body(String body, int status, String label) {
        if (body.isBlank()) {
            return json.nullNode();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new ConnectorJobsException(
                    label + " answered " + status + " with a body that is not JSON; is " + base
                            + " the api-gateway's URL?",
                    e);
        }
    }

    private HttpRequest request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + call.path()))
                .timeout(call.timeout())
                .header("Authorization", authorization)
                .header("Accept", "application/json, application/problem+json")
                .header("User-Agent", "connector-jobs-client");
        call.headers().forEach(builder::header);
        if (call.body() == null) {
            builder.method(call.method(), HttpRequest.BodyPublishers.noBody());
        } else {
            builder.header("Content-Type", "application/json")
                    .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(call.body())));
        }
        return builder.build();
    }

    private static boolean retryable(int status, Retry retry) {
        return status == 429 || (status == 503 && retry == Retry.SAFE);
    }

    private Duration backoff(int retry) {
        Duration wait = settings.backoff().multipliedBy(1L << Math.min(retry, 16));
        return wait.compareTo(settings.maxRetryWait()) > 0 ? settings.maxRetryWait() : wait;
    }

    private void pause(Duration wait, String label) {
        try {
            settings.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorJobsException(label + " was interrupted while waiting to retry", e);
        }
    }

    /** The clock the settings carry, for deadlines. */
    Clock clock() {
        return settings.clock();
    }

    ClientSettings settings() {
        return settings;
    }
}
