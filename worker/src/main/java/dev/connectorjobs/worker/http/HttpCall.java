package dev.connectorjobs.worker.http;

import dev.connectorjobs.model.dispatch.Headers;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request to send, possibly several times: method, absolute URI, headers, body, and
 * whether it may be retried. Immutable.
 *
 * <p>A request is retried only if repeating it cannot do harm: its method is idempotent (GET,
 * HEAD, OPTIONS, PUT, DELETE, TRACE) or it carries an {@link Builder#idempotencyKey idempotency
 * key}, which the service uses to recognise the repetition.
 *
 * <p>{@link #toString()} names the method and path only: headers carry credentials and the query
 * may too, so neither ever reaches a log line or an exception message.
 */
public final class HttpCall {

    private static final Set<String> IDEMPOTENT_METHODS = Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final String method;
    private final URI uri;
    private final List<Map.Entry<String, String>> headers;
    private final byte @Nullable [] body;
    private final @Nullable String contentType;
    private final @Nullable String idempotencyKey;

    private HttpCall(Builder b) {
        this.method = b.method;
        this.uri = b.uri;
        this.headers = List.copyOf(b.headers);
        this.body = b.body;
        this.contentType = b.contentType;
        this.idempotencyKey = b.idempotencyKey;
    }

    /**
     * A request with {@code method} to the absolute {@code uri}.
     *
     * @throws IllegalArgumentException if the method is not a token or the URI is not absolute HTTP(S)
     */
    public static Builder request(String method, URI uri) {
        return new Builder(method, uri);
    }

    /** A GET of {@code uri} without headers. */
    public static HttpCall get(URI uri) {
        return request("GET", uri).build();
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    /** The idempotency key, sent as {@code Idempotency-Key}. */
    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Whether the request may be sent again after a failure (see the class comment). */
    public boolean isRetryable() {
        return IDEMPOTENT_METHODS.contains(method) || idempotencyKey != null;
    }

    /** Method and path, safe to log: no query, no credentials. */
    public String describe() {
        String path = uri.getRawPath();
        return method + " " + (path == null || path.isEmpty() ? "/" : path);
    }

    /** A fresh request object for one attempt, with the correlation id. */
    HttpUriRequestBase toRequest(String correlationId) {
        HttpUriRequestBase request = new HttpUriRequestBase(method, uri);
        for (Map.Entry<String, String> header : headers) {
            request.addHeader(header.getKey(), header.getValue());
        }
        request.setHeader(Headers.CORRELATION_ID, correlationId);
        if (idempotencyKey != null) {
            request.setHeader(Headers.IDEMPOTENCY_KEY, idempotencyKey);
        }
        byte[] content = body;
        if (content != null) {
            request.setEntity(
                    new ByteArrayEntity(content, contentType == null ? null : ContentType.parse(contentType)));
        }
        return request;
    }

    @Override
    public String toString() {
        return "HttpCall[" + describe() + "]";
    }

    /** Builds an {@link HttpCall}. */
    public static final class Builder {

        private final String method;
        private final URI uri;
        private final List<Map.Entry<String, String>> headers = new ArrayList<>();
        private byte @Nullable [] body;
        private @Nullable String contentType;
        private @Nullable String idempotencyKey;

        private Builder(String method, URI uri) {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(uri, "uri");
            if (!TOKEN.matcher(method).matches()) {
                throw new IllegalArgumentException("Not an HTTP method: '" + method + "'");
            }
            String scheme = uri.getScheme();
            if (!uri.isAbsolute()
                    || uri.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("Requests need an absolute http(s) URI with a host");
            }
            this.method = method.toUpperCase(Locale.ROOT);
            this.uri = uri;
        }

        /**
         * Adds a header; {@code X-Correlation-ID} is always replaced by the job's.
         *
         * @throws IllegalArgumentException if the name is not a token or the value holds a line break
         */
        public Builder header(String name, String value) {
            validate(name, value);
            headers.add(Map.entry(name, value));
            return this;
        }

        private static void validate(String name, String value) {
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException("Not a valid header name: '" + name + "'");
            }
            if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("The value of header " + name + " holds a line break or NUL");
            }
        }

        /** The body, sent as is with {@code contentType} (e.g. {@code application/json}). */
        public Builder body(byte[] content, @Nullable String contentType) {
            this.body = content.clone();
            this.contentType = contentType;
            return this;
        }

        /** Makes the request retryable whatever its method; sent as {@code Idempotency-Key}. */
        public Builder idempotencyKey(String key) {
            validate(Headers.IDEMPOTENCY_KEY, key);
            if (key.isBlank()) {
                throw new IllegalArgumentException("An idempotency key must not be blank");
            }
            this.idempotencyKey = key;
            return this;
        }

        public HttpCall build() {
            return new HttpCall(this);
        }
    }
}
