package dev.connectorjobs.worker.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.jspecify.annotations.Nullable;

/**
 * A response, read completely: status, headers and body. Immutable. {@link #toString()} shows the
 * status only (headers may set cookies, bodies may echo anything).
 */
public final class HttpResult {

    private final int status;
    private final String reasonPhrase;
    private final List<Map.Entry<String, String>> headers;
    private final byte[] body;
    private final int attempts;

    HttpResult(int status, String reasonPhrase, List<Map.Entry<String, String>> headers, byte[] body, int attempts) {
        this.status = status;
        this.reasonPhrase = reasonPhrase;
        this.headers = List.copyOf(headers);
        this.body = body;
        this.attempts = attempts;
    }

    /** Reads {@code response} completely, failing when the body is larger than {@code maxBytes}. */
    static HttpResult read(ClassicHttpResponse response, long maxBytes) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Header header : response.getHeaders()) {
            headers.add(Map.entry(header.getName(), header.getValue() == null ? "" : header.getValue()));
        }
        HttpEntity entity = response.getEntity();
        byte[] body = new byte[0];
        if (entity != null) {
            long declared = entity.getContentLength();
            if (declared > maxBytes) {
                throw new ResponseTooLargeException(maxBytes);
            }
            try (InputStream in = entity.getContent()) {
                // A declared length sizes the read: readNBytes allocates a buffer as large as it may
                // need, up to 16 KiB, which for the small bodies of most vendor answers was most of
                // the read's cost. The stream ends at the declared length.
                body = in == null ? body : readAtMost(in, declared >= 0 ? declared : maxBytes, maxBytes);
            }
        }
        String reason = response.getReasonPhrase();
        return new HttpResult(response.getCode(), reason == null ? "" : reason, headers, body, 1);
    }

    private static byte[] readAtMost(InputStream in, long expected, long maxBytes) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, expected + 1));
        if (content.length > maxBytes) {
            throw new ResponseTooLargeException(maxBytes);
        }
        return content;
    }

    /** This result, noting that it took {@code attempts} requests. */
    HttpResult afterAttempts(int attempts) {
        return new HttpResult(status, reasonPhrase, headers, body, attempts);
    }

    public int status() {
        return status;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    /** Whether the status is 2xx. */
    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** How many requests it took to get this answer (1 without retries). */
    public int attempts() {
        return attempts;
    }

    /** Every header, in the order received. */
    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    /** The first value of header {@code name} (case-insensitive). */
    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The body; empty when there was none. */
    public byte[] body() {
        return body.clone();
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** The content type, if the service declared one. */
    public Optional<ContentType> contentType() {
        return header("Content-Type").map(HttpResult::parse);
    }

    /** The body as text, in the declared charset or UTF-8. */
    public String bodyAsString() {
        Charset charset = contentType().map(ContentType::getCharset).orElse(StandardCharsets.UTF_8);
        return new String(body, charset);
    }

    private static @Nullable ContentType parse(String value) {
        try {
            return ContentType.parse(value);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "HttpResult[status=" + status + ", bodyBytes=" + body.length + "]";
    }

    /** The body exceeded the configured maximum; reading stopped. */
    static final class ResponseTooLargeException extends IOException {

        ResponseTooLargeException(long maxBytes) {
            super("response body larger than " + maxBytes + " bytes");
        }
    }
}
