package dev.connectorjobs.worker.connector.kit;

import java.util.Collection;

/** Replaces secrets in text that may reach a log line, a job's error or its result. */
public final class Masking {

    /** What a secret is replaced with. */
    public static final String MASK = "[REDACTED]";

    /** Secrets shorter than this are not masked: masking {@code X} would mangle every message. */
    static final int SHORTEST = 4;

    private Masking() {}

    /** {@code text} with every secret of at least {@value #SHORTEST} characters replaced by {@value #MASK}. */
    public static String mask(String text, Collection<String> secrets) {
        String masked = text;
        for (String secret : secrets) {
            if (secret.length() >= SHORTEST) {
                masked = masked.replace(secret, MASK);
            }
        }
        return masked;
    }
}
