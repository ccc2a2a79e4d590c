package dev.connectorjobs.model.breaker;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The circuit breakers every worker has, one per external service a built-in connector declares plus
 * {@value #DATABASE}, and their default thresholds.
 *
 * <p>The defaults reproduce the breakers of the system this one replaces: a breaker opens after
 * {@value #DEFAULT_FAILURE_THRESHOLD} consecutive failures, stays open for {@link
 * #DEFAULT_RESET_TIMEOUT}, then lets {@value #DEFAULT_HALF_OPEN_CALLS} trial call through, whose
 * outcome closes or re-opens it. The {@value #DATABASE} breaker is more tolerant ({@value
 * #DATABASE_FAILURE_THRESHOLD} failures) and recovers sooner ({@link #DATABASE_RESET_TIMEOUT}).
 * Workers may override each breaker in their configuration; the API uses these values for breakers
 * that no live worker has reported yet.
 */
public final class BreakerDefaults {

    /** Consecutive failures that open a breaker. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 5;

    /** How long an open breaker rejects calls before it lets a trial call through. */
    public static final Duration DEFAULT_RESET_TIMEOUT = Duration.ofSeconds(60);

    /** Trial calls a half-open breaker lets through. */
    public static final int DEFAULT_HALF_OPEN_CALLS = 1;

    /** Consecutive failures that open the {@value #DATABASE} breaker. */
    public static final int DATABASE_FAILURE_THRESHOLD = 10;

    /** How long the {@value #DATABASE} breaker stays open. */
    public static final Duration DATABASE_RESET_TIMEOUT = Duration.ofSeconds(30);

    /** The breaker that guards this system's own PostgreSQL. */
    public static final String DATABASE = "database";

    /** The breaker of the generic {@code external_api} connector. */
    public static final String EXTERNAL_API = "external_api";

    /**
     * The default thresholds of one breaker.
     *
     * @param name the breaker name, lower case with underscores, e.g. {@code entra_id}
     * @param failureThreshold consecutive failures that open it
     * @param resetTimeout how long it stays open before a trial call
     * @param halfOpenCalls trial calls it lets through when half-open
     */
    public record Thresholds(String name, int failureThreshold, Duration resetTimeout, int halfOpenCalls) {

        public Thresholds {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(resetTimeout, "resetTimeout");
        }
    }

    private static final Map<String, Thresholds> ALL = index();

    private BreakerDefaults() {}

    /**
     * One breaker per breaker name the built-in connectors declare ({@link
     * ConnectorDescriptor#breaker()}), in catalogue order, then {@value #DATABASE}: declaring a
     * connector with a breaker is all it takes to give it one.
     */
    private static Map<String, Thresholds> index() {
        Set<String> names = new LinkedHashSet<>();
        BuiltInConnectors.all().forEach(connector -> connector.breaker().ifPresent(names::add));
        names.add(DATABASE);
        Map<String, Thresholds> byName = new LinkedHashMap<>();
        for (String name : names) {
            Thresholds thresholds = DATABASE.equals(name)
                    ? new Thresholds(name, DATABASE_FAILURE_THRESHOLD, DATABASE_RESET_TIMEOUT, DEFAULT_HALF_OPEN_CALLS)
                    : new Thresholds(name, DEFAULT_FAILURE_THRESHOLD, DEFAULT_RESET_TIMEOUT, DEFAULT_HALF_OPEN_CALLS);
            byName.put(name, thresholds);
        }
        return byName;
    }

    /** Every breaker name, in a stable order. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /** The defaults of every breaker, in the order of {@link #names()}. */
    public static List<Thresholds> all() {
        return List.copyOf(ALL.values());
    }

    /** The defaults of the breaker called exactly {@code name}. */
    public static Optional<Thresholds> of(String name) {
        return Optional.ofNullable(ALL.get(name));
    }

    /**
     * The breaker name that {@code key} means, matched leniently: case is ignored, and so are
     * {@code -}, {@code _} and {@code .}, because configuration keys and environment variables
     * rarely keep underscores intact ({@code entra-id}, {@code ENTRAID} and {@code entra_id} all
     * resolve to {@code entra_id}).
     */
    public static Optional<String> resolve(String key) {
        String wanted = simplify(key);
        return ALL.keySet().stream().filter(n -> simplify(n).equals(wanted)).findFirst();
    }

    private static String simplify(String key) {
        return key.replaceAll("[-_.\\[\\]]", "").toLowerCase(Locale.ROOT);
    }
}
