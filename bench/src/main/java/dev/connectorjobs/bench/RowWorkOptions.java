package dev.connectorjobs.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Options of {@code devstack bench-rows}.
 *
 * @param jobs jobs measured, default {@value #DEFAULT_JOBS}
 * @param warmup jobs run first and not measured, default {@value #DEFAULT_WARMUP}
 * @param batch jobs per statement, default {@value #DEFAULT_BATCH}, as in a batch submission of 500
 * @param confirmedPercent share of the jobs whose publication is confirmed before their claim, in
 *     percent; default {@value #DEFAULT_CONFIRMED_PERCENT}, about what a backlog of a few seconds
 *     gives (the batch runs of round five confirmed 34-54 %)
 * @param withoutIndexes indexes of {@code jobs} to drop before the run, to see what each one costs
 */
public record RowWorkOptions(int jobs, int warmup, int batch, int confirmedPercent, List<String> withoutIndexes) {

    static final int DEFAULT_JOBS = 100_000;
    static final int DEFAULT_WARMUP = 50_000;
    static final int DEFAULT_BATCH = 500;
    static final int DEFAULT_CONFIRMED_PERCENT = 50;
    static final int MAX_JOBS = 10_000_000;
    static final int MAX_BATCH = 1_000;

    /** Index names as PostgreSQL prints them; anything else is refused before it reaches SQL. */
    private static final Pattern INDEX_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public static final String USAGE = """
            Usage: java -jar devstack/target/devstack.jar bench-rows [options]

            What PostgreSQL alone spends on the rows of a job's life, without HTTP, Kafka or the
            JVMs: starts PostgreSQL 17 in a temporary directory, applies the migrations and runs,
            on one connection, the statements the api-gateway and the workers run for a batch of
            jobs (insert, publication confirmation, claim, success with its attempt row), each
            batch in its own transactions. Prints PostgreSQL's CPU per job (server and backend
            processes, from /proc), the time of each statement and a ROWS {json} line. The CPU
            figure counts every PostgreSQL process of the machine: run nothing else meanwhile.

              --jobs N               jobs measured (default 100000)
              --warmup N             jobs run first, not measured (default 50000)
              --batch B              jobs per statement, 1-1000 (default 500)
              --confirmed P          percent of the jobs confirmed before their claim (default 50)
              --without-index NAME   drop this index of jobs first (repeatable; not jobs_pkey
                                     or jobs_idempotency, which the statements need)
            """;

    public RowWorkOptions {
        BenchOptions.check(jobs >= 1 && jobs <= MAX_JOBS, "--jobs must be between 1 and " + MAX_JOBS + ", got " + jobs);
        BenchOptions.check(
                warmup >= 0 && warmup <= MAX_JOBS, "--warmup must be between 0 and " + MAX_JOBS + ", got " + warmup);
        BenchOptions.check(
                batch >= 1 && batch <= MAX_BATCH, "--batch must be between 1 and " + MAX_BATCH + ", got " + batch);
        BenchOptions.check(
                confirmedPercent >= 0 && confirmedPercent <= 100,
                "--confirmed must be a percentage between 0 and 100, got " + confirmedPercent);
        for (String index : withoutIndexes) {
            BenchOptions.check(
                    INDEX_NAME.matcher(index).matches(), "--without-index takes an index name, got '" + index + "'");
            BenchOptions.check(
                    !index.equals("jobs_pkey"),
                    "--without-index cannot drop jobs_pkey: every statement finds its rows by it");
            BenchOptions.check(
                    !index.equals("jobs_idempotency"),
                    "--without-index cannot drop jobs_idempotency: the insert's ON CONFLICT clause names it");
        }
        withoutIndexes = List.copyOf(withoutIndexes);
    }

    /**
     * Parses {@code --name value} and {@code --name=value} arguments.
     *
     * @throws BenchUsageException when an argument is unknown, lacks its value or has a bad value
     */
    public static RowWorkOptions parse(List<String> args) {
        int jobs = DEFAULT_JOBS;
        int warmup = DEFAULT_WARMUP;
        int batch = DEFAULT_BATCH;
        int confirmed = DEFAULT_CONFIRMED_PERCENT;
        List<String> withoutIndexes = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new BenchUsageException(name + " needs a value");
            }
            switch (name) {
                case "--jobs" -> jobs = number(name, value);
                case "--warmup" -> warmup = number(name, value);
                case "--batch" -> batch = number(name, value);
                case "--confirmed" -> confirmed = number(name, value);
                case "--without-index" -> withoutIndexes.add(value);
                default -> throw new BenchUsageException("Unknown option for bench-rows: " + name);
            }
        }
        return new RowWorkOptions(jobs, warmup, batch, confirmed, withoutIndexes);
    }

    private static int number(String name, String value) {
        return BenchOptions.intValue(Map.of(name, value), name, 0);
    }
}
