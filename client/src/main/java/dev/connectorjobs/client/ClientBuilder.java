package dev.connectorjobs.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Builds a {@link ConnectorJobsClient}; every setting has a default, stated on its method. */
public final class ClientBuilder {

    /** Retries after a 429, a 503 or a broken connection: {@value}. */
    public static final int DEFAULT_MAX_RETRIES = 4;

    /** Longest wait before a retry: 30 s; a longer {@code Retry-After} ends the retries. */
    public static final Duration DEFAULT_MAX_RETRY_WAIT = Duration.ofSeconds(30);

    /** Timeout of one request (a long-poll adds its wait): 30 s. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private final String baseUrl;
    private final String apiKey;
    private int maxRetries = DEFAULT_MAX_RETRIES;
    private Duration maxRetryWait = DEFAULT_MAX_RETRY_WAIT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration backoff = Duration.ofMillis(250);
    private Duration longPoll = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofSeconds(2);
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.REAL;
    private @Nullable HttpClient httpClient;

    ClientBuilder(String baseUrl, String apiKey) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "base URL '" + baseUrl + "' is not a URI; use e.g. http://127.0.0.1:8080", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("base URL '" + baseUrl + "' must be an http(s) URL with a host;"
                    + " use e.g. http://127.0.0.1:8080");
        }
        if (apiKey.isBlank()) {
            throw new IllegalArgumentException("the API key is empty; pass the key an administrator issued");
        }
        this.baseUrl = baseUrl.strip().replaceAll("/+$", "");
        this.apiKey = apiKey.strip();
    }

    /** Retries after 429, 503 or a broken connection; default {@value #DEFAULT_MAX_RETRIES}; 0 for none. */
    public ClientBuilder maxRetries(int retries) {
        this.maxRetries = retries;
        return this;
    }

    /** Longest wait before one retry; default 30 s. */
    public ClientBuilder maxRetryWait(Duration wait) {
        this.maxRetryWait = wait;
        return this;
    }

    /** First backoff when the server sends no {@code Retry-After}, doubled per retry; default 250 ms. */
    public ClientBuilder backoff(Duration first) {
        this.backoff = first;
        return this;
    }

    /** Timeout of one request; default 30 s. */
    public ClientBuilder requestTimeout(Duration timeout) {
        this.requestTimeout = timeout;
        return this;
    }

    /** The {@code wait} of one long-poll status read in {@code await}; default 30 s. */
    public ClientBuilder longPoll(Duration wait) {
        this.longPoll = wait;
        return this;
    }

    /** Longest pause between polls of a server that answers at once; default 2 s. */
    public ClientBuilder pollInterval(Duration interval) {
        this.pollInterval = interval;
        return this;
    }

    /** The HTTP client to send with (proxy, TLS, executor); default a new one, HTTP/1.1. */
    public ClientBuilder httpClient(HttpClient client) {
        this.httpClient = client;
        return this;
    }

    ClientBuilder clock(Clock value) {
        this.clock = value;
        return this;
    }

    ClientBuilder sleeper(Sleeper value) {
        this.sleeper = value;
        return this;
    }

    public ConnectorJobsClient build() {
        ClientSettings settings = new ClientSettings(
                maxRetries, maxRetryWait, backoff, requestTimeout, longPoll, pollInterval, clock, sleeper);
        HttpClient client = httpClient != null
                ? httpClient
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
        // Tolerant reading: a field a newer server adds is ignored, one an older server leaves out
        // reads as null, 0 or false, rather than failing the call.
        JsonMapper json = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
        return new ConnectorJobsClient(new Http(client, baseUrl, apiKey, json, settings));
    }
}
