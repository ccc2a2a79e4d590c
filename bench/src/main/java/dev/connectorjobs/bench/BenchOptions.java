package dev.connectorjobs.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Options of the {@code bench} command.
 *
 * @param jobs jobs to submit, default {@value #DEFAULT_JOBS}
 * @param warmup jobs per warm-up round, submitted as fast as possible and awaited before the
 *     measured run, in rounds until the CPU per job no longer falls ({@link WarmUp}); not
 *     measured; default 0
 * @param rate the fixed open-loop submission rate in jobs per second; empty means "as fast as the
 *     clients can" ({@code --rate max}, the default)
 * @param workers worker JVMs of a stack the bench starts itself, default {@value #DEFAULT_WORKERS}
 * @param batch jobs per request; 1 (the default) uses {@code POST /api/v1/jobs}, more uses {@code
 *     POST /api/v1/jobs:batch}; at most {@value #MAX_BATCH}
 * @param operation the {@code diagnostics} operation every job runs, default {@code echo}
 * @param sleepMs how long each {@code sleep} job sleeps, in milliseconds, default {@value
 *     #DEFAULT_SLEEP_MS}
 * @param clients concurrent HTTP clients, default {@value #DEFAULT_CLIENTS} (with {@code --batch}:
 *     {@value #DEFAULT_BATCH_CLIENTS})
 * @param timeout how long submitting and waiting for the jobs may take together, default {@value
 *     #DEFAULT_TIMEOUT_SECONDS} s; starting the stack is bounded by {@code startupTimeout}
 * @param startupTimeout how long a stack the bench starts may take to become ready, default {@value
 *     #DEFAULT_STARTUP_TIMEOUT_SECONDS} s
 * @param dataDir data directory of a stack the bench starts; empty means a temporary directory that
 *     is deleted afterwards
 * @param external a running stack to measure instead of starting one ({@code --api})
 * @param history the history to seed and the status lookups to measure against it
 * @param probe jobs another tenant submits while the run's jobs flood the queue ({@code --probe})
 * @param latencyMs how long the bench's stub takes to answer each {@code http} job's request
 *     ({@code --latency-ms}), default {@value #DEFAULT_LATENCY_MS}
 * @param footprintEvery how often to read the bench's own stack's footprint during the run ({@code
 *     --footprint-every}, for a soak); empty (the default) reads none
 * @param lookupsDuring status lookups per second while the run's jobs flow ({@code
 *     --lookups-during}, open loop, for jobs of the run accepted so far; see {@link
 *     LookupsDuringRun}); empty (the default) sends none; at most {@value #MAX_LOOKUPS_DURING}
 * @param replicaEvents workers added, stopped and killed during the measured run of the bench's own
 *     stack ({@code --replica-events}), in time order; empty (the default) for none
 */
public record BenchOptions(
        int jobs,
        int warmup,
        OptionalDouble rate,
        int workers,
        int batch,
        Operation operation,
        long sleepMs,
        long latencyMs,
        int clients,
        Duration timeout,
        Duration startupTimeout,
        Optional<Path> dataDir,
        Optional<External> external,
        History history,
        Probe probe,
        Optional<Duration> footprintEvery,
        OptionalDouble lookupsDuring,
        List<ReplicaEvent> replicaEvents) {

    static final int DEFAULT_JOBS = 10_000;
    static final int MAX_JOBS = 10_000_000;
    static final int DEFAULT_WORKERS = 2;
    static final int MAX_BATCH = 1_000;
    static final long DEFAULT_SLEEP_MS = 10;
    static final long MAX_SLEEP_MS = 60_000;
    static final long DEFAULT_LATENCY_MS = 100;
    static final long MAX_LATENCY_MS = 600_000;
    static final int DEFAULT_CLIENTS = 64;
    static final int DEFAULT_BATCH_CLIENTS = 8;
    static final int MAX_CLIENTS = 1_024;
    static final double MAX_RATE = 1_000_000;
    static final int MAX_FOOTPRINT_SECONDS = 86_400;
    static final int DEFAULT_TIMEOUT_SECONDS = 600;
    static final int DEFAULT_STARTUP_TIMEOUT_SECONDS = 180;
    static final int MAX_HISTORY = 100_000_000;
    static final int DEFAULT_LOOKUPS = 10_000;
    static final double DEFAULT_LOOKUP_RATE = 200;
    /**
     * Lookups per second during the run at most: {@link LookupsDuringRun} sizes its client threads
     * for it ({@value LookupsDuringRun#MAX_CLIENTS} at 50 ms each), far beyond what 2 cores answer.
     */
    static final double MAX_LOOKUPS_DURING = 20_000;

    /** Where the key for {@code --api} comes from when {@code --key} is not given, in this order. */
    static final List<String> KEY_VARIABLES = List.of("JOBS_BENCH_KEY", "JOBS_BOOTSTRAP_ADMIN_KEY");

    static final String DB_URL_VARIABLE = "JOBS_DB_URL";
    static final String DB_USER_VARIABLE = "JOBS_DB_USER";
    static final String DB_PASSWORD_VARIABLE = "JOBS_DB_PASSWORD";
    private static final String DEFAULT_DB_CREDENTIAL = "jobs";
    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([dhms])");

    /** The text {@code bench --help} prints ({@link BenchUsage}). */
    public static final String USAGE = BenchUsage.TEXT;

    /** The {@code diagnostics} operation the jobs run. */
    public enum Operation {
        /** Returns its params: measures the system, not the job. */
        ECHO,
        /** Sleeps {@code --sleep-ms}: jobs that hold a worker's concurrency slot for a while. */
        SLEEP,
        /**
         * One real HTTP call through the connector stack ({@code external_api}: resilient client,
         * breaker, pool) to a stub the bench starts, which answers after {@code --latency-ms}: the
         * shape of a connector job, which waits on its vendor.
         */
        HTTP;

        /** The operation's name in the bench's options. */
        String apiName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A running stack to measure.
     *
     * @param api the api-gateway's base URL
     * @param key the API key to submit with
     * @param database the stack's database, for the verdict
     */
    public record External(URI api, String key, Database database) {

        @Override
        public String toString() {
            return api + " (database " + database + ")";
        }
    }

    /**
     * The history measurement: seeded finished jobs, status lookups against them and the
     * retention sweep.
     *
     * @param jobs finished jobs the jobs table should hold before the run ({@code --history});
     *     0 (the default) seeds nothing
     * @param lookups status lookups after the run, default {@value #DEFAULT_LOOKUPS}; 0 for none
     * @param lookupRate lookups per second, default {@value #DEFAULT_LOOKUP_RATE}; empty means as fast
     *     as the clients can
     * @param retention how long the bench's own api-gateway keeps finished jobs; empty keeps them
     */
    public record History(int jobs, int lookups, OptionalDouble lookupRate, Optional<Duration> retention) {

        /** Seeds nothing, sends the default lookups at the default rate, keeps every job. */
        static final History DEFAULT =
                new History(0, DEFAULT_LOOKUPS, OptionalDouble.of(DEFAULT_LOOKUP_RATE), Optional.empty());

        public History {
            check(jobs >= 0 && jobs <= MAX_HISTORY, "--history must be between 0 and " + MAX_HISTORY + ", got " + jobs);
            check(
                    lookups >= 0 && lookups <= MAX_JOBS,
                    "--lookups must be between 0 and " + MAX_JOBS + ", got " + lookups);
            lookupRate.ifPresent(r ->
                    check(r > 0 && r <= MAX_RATE, "--lookup-rate must be max or between 0 and " + (long) MAX_RATE));
            retention.ifPresent(r -> check(isPositive(r), "--retention must be positive"));
        }

        /** The lookup rate for messages: "max" or lookups per second. */
        String lookupRateText() {
            return lookupRate.isPresent() ? formatRate(lookupRate.getAsDouble()) : "max";
        }
    }

    /**
     * Probe jobs: while the run's jobs wait, {@code jobs} echo jobs are submitted one at a time at
     * {@code rate} per second with {@code priority}, by another API key or the run's own.
     *
     * @param jobs probe jobs, 0 (the default) for none
     * @param rate probes per second, default 10
     * @param priority the probes' priority, 1 to 9, default 5
     * @param sameKey whether the probes use the run's key (to measure priority alone) rather than a
     *     USER key of their own (a second tenant, to measure fairness)
     * @param afterBacklog the probes start once this many jobs wait to start, or once the run's
     *     submission has ended; default 0
     */
    public record Probe(int jobs, double rate, int priority, boolean sameKey, int afterBacklog) {

        static final Probe NONE = new Probe(0, 10, 5, false, 0);

        public Probe {
            check(jobs >= 0 && jobs <= MAX_JOBS, "--probe must be between 0 and " + MAX_JOBS + ", got " + jobs);
            check(rate > 0 && rate <= 1000, "--probe-rate must be between 0 and 1000, got " + rate);
            check(priority >= 1 && priority <= 9, "--probe-priority must be between 1 and 9, got " + priority);
            check(afterBacklog >= 0, "--probe-backlog must be 0 or more, got " + afterBacklog);
        }
    }

    public BenchOptions {
        check(jobs >= 1 && jobs <= MAX_JOBS, "--jobs must be between 1 and " + MAX_JOBS + ", got " + jobs);
        check(warmup >= 0 && warmup <= MAX_JOBS, "--warmup must be between 0 and " + MAX_JOBS + ", got " + warmup);
        rate.ifPresent(r ->
                check(r > 0 && r <= MAX_RATE, "--rate must be max or between 0 and " + (long) MAX_RATE + ", got " + r));
        check(workers >= 1, "--workers must be 1 or more, got " + workers);
        check(batch >= 1 && batch <= MAX_BATCH, "--batch must be between 1 and " + MAX_BATCH + ", got " + batch);
        check(sleepMs >= 0 && sleepMs <= MAX_SLEEP_MS, "--sleep-ms must be between 0 and " + MAX_SLEEP_MS);
        check(latencyMs >= 0 && latencyMs <= MAX_LATENCY_MS, "--latency-ms must be between 0 and " + MAX_LATENCY_MS);
        check(clients >= 1 && clients <= MAX_CLIENTS, "--clients must be between 1 and " + MAX_CLIENTS);
        check(isPositive(timeout), "--timeout must be positive");
        check(isPositive(startupTimeout), "--startup-timeout must be positive");
        footprintEvery.ifPresent(every -> check(
                every.toSeconds() >= 1 && every.toSeconds() <= MAX_FOOTPRINT_SECONDS,
                "--footprint-every must be between 1 and " + MAX_FOOTPRINT_SECONDS + " seconds"));
        lookupsDuring.ifPresent(r -> check(
                r > 0 && r <= MAX_LOOKUPS_DURING,
                "--lookups-during must be between 0 and " + (long) MAX_LOOKUPS_DURING + " lookups per second, got "
                        + (Double.isFinite(r) ? formatRate(r) : Double.toString(r))));
        replicaEvents = List.copyOf(replicaEvents);
        check(
                replicaEvents.isEmpty() || external.isEmpty(),
                "--replica-events applies only to the bench's own stack, not with --api");
    }

    /** The rate for messages: "max" or jobs per second. */
    String rateText() {
        return rate.isPresent() ? formatRate(rate.getAsDouble()) : "max";
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments.
     *
     * @param environment supplies the key and database for {@code --api} when not given as options
     * @throws BenchUsageException when an argument is unknown, lacks its value, has a bad value or
     *     does not fit with the others
     */
    public static BenchOptions parse(List<String> args, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> remaining = new ArrayList<>(args);
        Set<String> known = new HashSet<>(List.of(
                "--jobs",
                "--warmup",
                "--rate",
                "--workers",
                "--batch",
                "--operation",
                "--sleep-ms",
                "--latency-ms",
                "--clients",
                "--timeout",
                "--startup-timeout",
                "--data-dir",
                "--api",
                "--key",
                "--db-url",
                "--history",
                "--lookups",
                "--lookup-rate",
                "--retention",
                "--probe",
                "--probe-rate",
                "--probe-priority",
                "--probe-key",
                "--probe-backlog",
                "--footprint-every",
                "--lookups-during",
                "--replica-events"));
        while (!remaining.isEmpty()) {
            String arg = remaining.removeFirst();
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            if (!known.contains(name)) {
                throw new BenchUsageException("Unknown argument: " + arg);
            }
            if (values.containsKey(name)) {
                throw new BenchUsageException(name + " is given twice");
            }
            values.put(name, value(name, inlineValue, remaining));
        }
        return fromValues(values, environment);
    }

    private static BenchOptions fromValues(Map<String, String> values, Map<String, String> environment) {
        int batch = intValue(values, "--batch", 1);
        Operation operation = operation(values.getOrDefault("--operation", "echo"));
        if (values.containsKey("--sleep-ms") && operation != Operation.SLEEP) {
            throw new BenchUsageException("--sleep-ms applies only to --operation sleep");
        }
        if (values.containsKey("--latency-ms") && operation != Operation.HTTP) {
            throw new BenchUsageException("--latency-ms applies only to --operation http");
        }
        Optional<External> external = Optional.empty();
        if (values.containsKey("--api")) {
            if (operation == Operation.HTTP) {
                throw new BenchUsageException("--operation http applies only to the bench's own stack, not with"
                        + " --api: the bench starts the stub and points its workers' external_api at it");
            }
            for (String own : List.of(
                    "--workers",
                    "--data-dir",
                    "--startup-timeout",
                    "--retention",
                    "--footprint-every",
                    "--replica-events")) {
                if (values.containsKey(own)) {
                    throw new BenchUsageException(own + " applies only to the bench's own stack, not with --api");
                }
            }
            external = Optional.of(external(values, environment));
        } else {
            for (String remote : List.of("--key", "--db-url")) {
                if (values.containsKey(remote)) {
                    throw new BenchUsageException(
                            remote + " applies only with --api; the bench's own stack needs" + " neither");
                }
            }
        }
        int jobs = intValue(values, "--jobs", DEFAULT_JOBS);
        int workers = intValue(values, "--workers", DEFAULT_WORKERS);
        OptionalDouble rate = rate("--rate", values.getOrDefault("--rate", "max"));
        List<ReplicaEvent> replicaEvents = values.containsKey("--replica-events")
                ? ReplicaEvent.parseAll(Objects.requireNonNull(values.get("--replica-events")), workers, jobs, rate)
                : List.of();
        return new BenchOptions(
                jobs,
                intValue(values, "--warmup", 0),
                rate,
                workers,
                batch,
                operation,
                intValue(values, "--sleep-ms", (int) DEFAULT_SLEEP_MS),
                intValue(values, "--latency-ms", (int) DEFAULT_LATENCY_MS),
                intValue(values, "--clients", batch > 1 ? DEFAULT_BATCH_CLIENTS : DEFAULT_CLIENTS),
                Duration.ofSeconds(intValue(values, "--timeout", DEFAULT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(intValue(values, "--startup-timeout", DEFAULT_STARTUP_TIMEOUT_SECONDS)),
                Optional.ofNullable(values.get("--data-dir")).map(Path::of),
                external,
                new History(
                        intValue(values, "--history", 0),
                        intValue(values, "--lookups", DEFAULT_LOOKUPS),
                        values.containsKey("--lookup-rate")
                                ? rate("--lookup-rate", values.get("--lookup-rate"))
                                : History.DEFAULT.lookupRate(),
                        Optional.ofNullable(values.get("--retention")).map(BenchOptions::duration)),
                probe(values),
                values.containsKey("--footprint-every")
                        ? Optional.of(Duration.ofSeconds(intValue(values, "--footprint-every", 0)))
                        : Optional.empty(),
                lookupsDuring(values.get("--lookups-during")),
                replicaEvents);
    }

    /** {@code --lookups-during}: a fixed rate only, for an open loop; absent means none. */
    private static OptionalDouble lookupsDuring(@Nullable String text) {
        if (text == null) {
            return OptionalDouble.empty();
        }
        if ("max".equalsIgnoreCase(text)) {
            throw new BenchUsageException("--lookups-during needs a fixed rate in lookups per second (open loop, like"
                    + " clients polling their jobs), not 'max': as fast as possible would take the cores the run"
                    + " measures; e.g. --lookups-during 2000");
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text.replace("_", "")));
        } catch (NumberFormatException e) {
            throw new BenchUsageException(
                    "--lookups-during needs lookups per second, e.g. --lookups-during 2000, got '" + text + "'");
        }
    }

    private static Probe probe(Map<String, String> values) {
        String key = values.getOrDefault("--probe-key", "other");
        if (!key.equals("other") && !key.equals("same")) {
            throw new BenchUsageException("--probe-key must be other or same, got '" + key + "'");
        }
        double rate;
        try {
            rate = Double.parseDouble(values.getOrDefault("--probe-rate", "10"));
        } catch (NumberFormatException e) {
            throw new BenchUsageException(
                    "--probe-rate needs probes per second, got '" + values.get("--probe-rate") + "'");
        }
        return new Probe(
                intValue(values, "--probe", 0),
                rate,
                intValue(values, "--probe-priority", 5),
                key.equals("same"),
                intValue(values, "--probe-backlog", 0));
    }

    /** A duration as {@code --retention} takes it: a whole number and a unit, d, h, m or s. */
    static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text);
        if (!matcher.matches()) {
            throw new BenchUsageException(
                    "--retention needs a whole number and a unit (d, h, m or s), e.g. 27d," + " got '" + text + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "d" -> Duration.ofDays(amount);
            case "h" -> Duration.ofHours(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static External external(Map<String, String> values, Map<String, String> environment) {
        URI api = api(Objects.requireNonNull(values.get("--api"), "--api is given for an external stack"));
        String key = Optional.ofNullable(values.get("--key"))
                .or(() -> KEY_VARIABLES.stream()
                        .map(environment::get)
                        .filter(v -> v != null && !v.isBlank())
                        .findFirst())
                .orElseThrow(() -> new BenchUsageException(
                        "--api needs an API key: pass --key or set " + String.join(" or ", KEY_VARIABLES)));
        String dbUrl = Optional.ofNullable(values.get("--db-url"))
                .or(() -> Optional.ofNullable(environment.get(DB_URL_VARIABLE)).filter(v -> !v.isBlank()))
                .orElseThrow(() -> new BenchUsageException("--api needs the stack's database to check that every"
                        + " job ran exactly once: pass --db-url or set " + DB_URL_VARIABLE));
        if (!dbUrl.startsWith("jdbc:postgresql:")) {
            throw new BenchUsageException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db),"
                    + " got '" + dbUrl + "'");
        }
        Database database = new Database(
                dbUrl,
                environment.getOrDefault(DB_USER_VARIABLE, DEFAULT_DB_CREDENTIAL),
                environment.getOrDefault(DB_PASSWORD_VARIABLE, DEFAULT_DB_CREDENTIAL));
        return new External(api, key, database);
    }

    private static URI api(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if ("https".equals(uri.getScheme())) {
                throw new BenchUsageException("--api must be a plain http URL: the bench client does not speak TLS;"
                        + " measure the api-gateway's own port, e.g. http://127.0.0.1:8080, got '" + text + "'");
            }
            if (!"http".equals(uri.getScheme())
                    || uri.getHost() == null
                    || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                throw new BenchUsageException(
                        "--api must be a base URL such as http://127.0.0.1:8080, got '" + text + "'");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new BenchUsageException("--api must be a base URL such as http://127.0.0.1:8080, got '" + text + "'");
        }
    }

    private static OptionalDouble rate(String name, String text) {
        if ("max".equalsIgnoreCase(text)) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            throw new BenchUsageException(name + " needs " + ("--rate".equals(name) ? "jobs" : "lookups")
                    + " per second or 'max', got '" + text + "'");
        }
    }

    private static Operation operation(String text) {
        try {
            return Operation.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BenchUsageException("--operation must be echo, sleep or http, got '" + text + "'");
        }
    }

    private static String value(String name, @Nullable String inlineValue, List<String> remaining) {
        if (inlineValue != null) {
            if (inlineValue.isEmpty()) {
                throw new BenchUsageException(name + " needs a value");
            }
            return inlineValue;
        }
        if (remaining.isEmpty() || remaining.getFirst().startsWith("--")) {
            throw new BenchUsageException(name + " needs a value");
        }
        return remaining.removeFirst();
    }

    static int intValue(Map<String, String> values, String name, int defaultValue) {
        String text = values.get(name);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new BenchUsageException(name + " needs a whole number, got '" + text + "'");
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new BenchUsageException(message);
        }
    }

    private static boolean isPositive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    static String formatRate(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
