package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.JobContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Static tokens sent as headers on every request: {@code Authorization: Bearer <token>}, {@code
 * DD-API-KEY}, {@code X-ApiKeys}, {@code Authorization: Splunk <token>} and the like.
 */
public final class HeaderAuth implements VendorAuth {

    private final Map<String, String> headers;
    private final List<String> secrets;

    private HeaderAuth(Map<String, String> headers, List<String> secrets) {
        this.headers = Map.copyOf(headers);
        this.secrets = List.copyOf(secrets);
    }

    /** {@code Authorization: Bearer <token>}. */
    public static HeaderAuth bearer(String token) {
        return header("Authorization", "Bearer ", token);
    }

    /** {@code name: prefix + secret}, e.g. {@code header("Authorization", "Splunk ", token)}. */
    public static HeaderAuth header(String name, String prefix, String secret) {
        return new HeaderAuth(Map.of(name, prefix + secret), List.of(secret));
    }

    /** This strategy plus {@code name: secret} (a vendor that wants two keys). */
    public HeaderAuth and(String name, String secret) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, secret);
        return new HeaderAuth(
                more, Stream.concat(secrets.stream(), Stream.of(secret)).toList());
    }

    @Override
    public Map<String, String> headers(JobContext job) {
        return headers;
    }

    @Override
    public List<String> secrets() {
        return secrets;
    }

    @Override
    public String scheme() {
        return "token";
    }

    /** Never shows the tokens. */
    @Override
    public String toString() {
        return "HeaderAuth" + headers.keySet();
    }
}
