package dev.connectorjobs.worker.execution;

/**
 * Makes what an attempt reports storable in PostgreSQL, which refuses the NUL character (U+0000)
 * in every text value (SQLSTATE 22021) and as the JSON escape &#92;u0000 in {@code jsonb} (22P05).
 * Results, error texts and progress come from external services, so a NUL in them is data, not a
 * bug; refused, it would leave the job STARTED for the reaper to run again.
 *
 * <p>A NUL becomes the six characters &#92;u0000, shown literally (in a JSON string: the escape
 * with its backslash escaped, &#92;&#92;u0000). Dropping the character would hide that the service
 * sent it, and U+FFFD could not be told from a replacement character the service sent itself; the
 * literal escape says what was there and stays readable and searchable. A text that already held
 * those six characters reads the same afterwards; that ambiguity is accepted.
 */
final class StorableText {

    /** What a NUL is replaced with: backslash, {@code u}, four zeros. */
    static final String NUL_ESCAPE = "\\u0000";

    private static final char NUL = '\0';

    private StorableText() {}

    /** {@code text} with every NUL replaced by {@link #NUL_ESCAPE}; the same instance when it has none. */
    static String text(String text) {
        return text.indexOf(NUL) < 0 ? text : text.replace(String.valueOf(NUL), NUL_ESCAPE);
    }

    /**
     * JSON text in which every string (keys and values) that held a NUL holds {@link #NUL_ESCAPE}
     * instead, as the JSON escape {@code \\u0000}; the same instance when there is none. A raw NUL,
     * which valid JSON cannot hold, is treated the same way. Other escapes are kept as they are.
     */
    static String json(String json) {
        if (json.indexOf(NUL_ESCAPE) < 0 && json.indexOf(NUL) < 0) {
            return json;
        }
        StringBuilder out = new StringBuilder(json.length() + 16);
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == NUL) {
                out.append("\\\\u0000");
                i++;
            } else if (c != '\\' || i + 1 == json.length()) {
                out.append(c);
                i++;
            } else if (json.startsWith(NUL_ESCAPE, i)) {
                out.append("\\\\u0000");
                i += NUL_ESCAPE.length();
            } else {
                // Outside strings valid JSON has no backslash, so this is an escape: copy it whole, so
                // that an escaped backslash followed by "u0000" is not read as a NUL.
                out.append(c).append(json.charAt(i + 1));
                i += 2;
            }
        }
        return out.toString();
    }

    /** {@code failure} with a storable error type and message. */
    static Outcome.Failed failure(Outcome.Failed failure) {
        if (failure.errorType().indexOf(NUL) < 0 && failure.message().indexOf(NUL) < 0) {
            return failure;
        }
        return new Outcome.Failed(
                text(failure.errorType()),
                text(failure.message()),
                failure.retryable(),
                failure.retryAfter(),
                failure.httpStatus(),
                failure.spendsRetry());
    }
}
