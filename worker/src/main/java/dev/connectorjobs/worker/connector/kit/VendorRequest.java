package dev.connectorjobs.worker.connector.kit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One request to a vendor's API, before authentication: method, target, query, JSON body, extra
 * headers, and the statuses the caller handles itself. Immutable; every {@code with...} returns a
 * copy, so paging can derive the next page's request from this one.
 *
 * <p>The target is either a path below the configured base URL ({@link #get(String)}), or a link the
 * vendor gave, followed verbatim ({@link #follow(String)}): absolute, or relative to the base URL's
 * origin. A link to another origin is refused, so credentials never leave the configured host.
 */
public final class VendorRequest {

    private final String method;
    private final String target;
    private final boolean link;
    private final List<Map.Entry<String, String>> query;
    private final @Nullable Object body;
    private final @Nullable Content content;
    private final List<Map.Entry<String, String>> headers;
    private final @Nullable String idempotencyKey;
    private final Set<Integer> handled;

    private VendorRequest(
            String method,
            String target,
            boolean link,
            List<Map.Entry<String, String>> query,
            @Nullable Object body,
            @Nullable Content content,
            List<Map.Entry<String, String>> headers,
            @Nullable String idempotencyKey,
            Set<Integer> handled) {
        this.method = method;
        this.target = target;
        this.link = link;
        this.query = List.copyOf(query);
        this.body = body;
        this.content = content;
        this.headers = List.copyOf(headers);
        this.idempotencyKey = idempotencyKey;
        this.handled = Set.copyOf(handled);
    }

    /** {@code GET} of {@code path} below the base URL (starting with {@code /}). */
    public static VendorRequest get(String path) {
        return of("GET", path);
    }

    /** {@code POST} of {@code body} as JSON to {@code path} below the base URL. */
    public static VendorRequest post(String path, @Nullable Object body) {
        return new VendorRequest("POST", path, false, List.of(), body, null, List.of(), null, Set.of());
    }

    /** {@code method} on {@code path} below the base URL, without a body. */
    public static VendorRequest of(String method, String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A vendor path starts with '/': " + path);
        }
        return new VendorRequest(method, path, false, List.of(), null, null, List.of(), null, Set.of());
    }

    /** {@code GET} of a link the vendor gave (a next-page URL), absolute or origin-relative, sent as it is. */
    public static VendorRequest follow(String link) {
        return new VendorRequest("GET", link, true, List.of(), null, null, List.of(), null, Set.of());
    }

    /** This request with query parameter {@code name} set to {@code value} (replacing any earlier value). */
    public VendorRequest withQuery(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>();
        boolean replaced = false;
        for (Map.Entry<String, String> entry : query) {
            if (entry.getKey().equals(name)) {
                if (!replaced) {
                    more.add(Map.entry(name, value));
                    replaced = true;
                }
            } else {
                more.add(entry);
            }
        }
        if (!replaced) {
            more.add(Map.entry(name, value));
        }
        return new VendorRequest(method, target, link, more, body, content, headers, idempotencyKey, handled);
    }

    /** This request with query parameter {@code name} added once more (for repeated parameters). */
    public VendorRequest addQuery(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(query);
        more.add(Map.entry(name, value));
        return new VendorRequest(method, target, link, more, body, content, headers, idempotencyKey, handled);
    }

    /** This request with header {@code name} (not a credential: those come from the {@link VendorAuth}). */
    public VendorRequest withHeader(String name, String value) {
        List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new VendorRequest(method, target, link, query, body, content, more, idempotencyKey, handled);
    }

    /** This request with a form body ({@code application/x-www-form-urlencoded}) instead of JSON. */
    public VendorRequest withForm(Map<String, String> fields) {
        return withContent(
                TokenGrant.encode(fields).getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded");
    }

    /**
     * This request with {@code bytes} as its body, sent as they are with {@code contentType} instead of
     * JSON: for a body that is not one JSON document, e.g. Elasticsearch's NDJSON {@code _bulk}. The
     * bytes are not copied: do not change them afterwards.
     */
    public VendorRequest withContent(byte[] bytes, String contentType) {
        return new VendorRequest(
                method, target, link, query, null, new Content(bytes, contentType), headers, idempotencyKey, handled);
    }

    /** This request, retryable whatever its method: the vendor recognises {@code key} ({@code Idempotency-Key}). */
    public VendorRequest withIdempotencyKey(String key) {
        return new VendorRequest(method, target, link, query, body, content, headers, key, handled);
    }

    /**
     * This request, returning a response with one of {@code statuses} instead of failing: for answers
     * an operation gives its own meaning, e.g. a 404 that means "none".
     */
    public VendorRequest handling(Integer... statuses) {
        return new VendorRequest(method, target, link, query, body, content, headers, idempotencyKey, Set.of(statuses));
    }

    public String method() {
        return method;
    }

    /** The path below the base URL, or the link to follow. */
    public String target() {
        return target;
    }

    /** Whether {@link #target()} is a link the vendor gave, followed verbatim. */
    public boolean isLink() {
        return link;
    }

    public List<Map.Entry<String, String>> query() {
        return query;
    }

    /** The value of query parameter {@code name}, if this request sets it. */
    public Optional<String> queryValue(String name) {
        return query.stream()
                .filter(e -> e.getKey().equals(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public @Nullable Object body() {
        return body;
    }

    /** The body set by {@link #withForm} or {@link #withContent}, sent instead of {@link #body()}. */
    public Optional<Content> content() {
        return Optional.ofNullable(content);
    }

    public List<Map.Entry<String, String>> headers() {
        return headers;
    }

    public Optional<String> idempotencyKey() {
        return Optional.ofNullable(idempotencyKey);
    }

    /** Whether the caller handles an answer with {@code status} itself. */
    public boolean handles(int status) {
        return handled.contains(status);
    }

    /**
     * A body sent as it is.
     *
     * @param bytes the body; not copied, so whoever holds it must not change it
     * @param contentType its {@code Content-Type}
     */
    public record Content(byte[] bytes, String contentType) {}

    /** Method and target without the query: safe to log. */
    @Override
    public String toString() {
        int question = target.indexOf('?');
        return method + " " + (question < 0 ? target : target.substring(0, question));
    }
}
