package dev.connectorjobs.api.job;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A hash of a submission that is the same for the same request however its JSON was written (key
 * order, whitespace, defaults left out), so an idempotent replay can be told from a different
 * request under the same key.
 */
final class SubmissionHash {

    private SubmissionHash() {}

    static String of(JobSubmission s) {
        StringBuilder canonical = new StringBuilder();
        canonical.append(s.connector()).append('\n').append(s.operation()).append('\n');
        canonical.append(s.queue()).append('\n').append(s.maxRetries()).append('\n');
        canonical.append(s.timeoutSeconds()).append('\n');
        Callback callback = s.callback();
        if (callback != null) {
            // Only when given, so that hashes of submissions without a callback stay as they were.
            canonical
                    .append(callback.url())
                    .append('\n')
                    .append(callback.secret())
                    .append('\n');
        }
        // Only when given, like the callback: as the request said it, not the instants it resolved to.
        canonical.append(s.timing().canonical());
        if (s.priority() != JobSubmission.DEFAULT_PRIORITY) {
            // Only when not the default, so that hashes of submissions from before priorities stay as they were.
            canonical.append("priority=").append(s.priority()).append('\n');
        }
        append(canonical, s.params());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void append(StringBuilder out, @Nullable Object value) {
        switch (value) {
            case null -> out.append("null");
            case Map<?, ?> map -> {
                out.append('{');
                new TreeMap<>(map).forEach((k, v) -> {
                    out.append(quote(String.valueOf(k))).append(':');
                    append(out, v);
                    out.append(',');
                });
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                list.forEach(v -> {
                    append(out, v);
                    out.append(',');
                });
                out.append(']');
            }
            case String text -> out.append(quote(text));
            case Number n ->
                out.append(new BigDecimal(n.toString()).stripTrailingZeros().toPlainString());
            case Boolean b -> out.append(b);
            default ->
                throw new IllegalArgumentException(
                        "params hold a " + value.getClass().getSimpleName() + ", which is not a JSON value");
        }
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
