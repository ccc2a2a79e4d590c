package dev.connectorjobs.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code long-poll} probe: how soon a waiting status read is answered after its job finishes,
 * with many requests waiting at once. Against a running stack it submits {@code --waiters}
 * {@code diagnostics sleep} jobs of random lengths, holds one {@code ?wait=} status request per
 * job (each on a virtual thread and a connection of its own), and measures, for every answer,
 * the time from the job's {@code finished_at} to the answer's arrival (same machine, same clock).
 *
 * <pre>{@code
 * java -jar devstack/target/devstack.jar long-poll --api http://127.0.0.1:8080 --key "$KEY" \
 *     --waiters 2000 --min-ms 3000 --max-ms 11000
 * }</pre>
 */
public final class LongPollProbe {

    public static final String USAGE = """
            Usage: devstack.jar long-poll --api URL [--key KEY] [--waiters N] [--min-ms MS] [--max-ms MS]
              --api URL       a running api-gateway (the devstack prints it)
              --key KEY       an API key (default: $JOBS_API_KEY)
              --waiters N     jobs, each with one waiting status request (default 2000)
              --min-ms MS     shortest sleep of a job (default 3000)
              --max-ms MS     longest sleep of a job (default 11000)
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private LongPollProbe() {}

    /** Parsed options. */
    record Options(URI api, String key, int waiters, int minMs, int maxMs) {

        static Options parse(List<String> args, Map<String, String> env) {
            URI api = null;
            String key = env.get("JOBS_API_KEY");
            int waiters = 2000;
            int minMs = 3000;
            int maxMs = 11_000;
            for (int i = 0; i < args.size(); i++) {
                String name = args.get(i);
                if (i + 1 >= args.size()) {
                    throw new BenchUsageException(name + " needs a value");
                }
                String value = args.get(++i);
                switch (name) {
                    case "--api" -> api = URI.create(value);
                    case "--key" -> key = value;
                    case "--waiters" -> waiters = positive(name, value);
                    case "--min-ms" -> minMs = positive(name, value);
                    case "--max-ms" -> maxMs = positive(name, value);
                    default -> throw new BenchUsageException("Unknown option: " + name);
                }
            }
            if (api == null) {
                throw new BenchUsageException("--api is required: the api-gateway's URL");
            }
            if (key == null || key.isBlank()) {
                throw new BenchUsageException("an API key is required: --key or JOBS_API_KEY");
            }
            if (maxMs < minMs) {
                throw new BenchUsageException("--max-ms must not be below --min-ms");
            }
            return new Options(api, key, waiters, minMs, maxMs);
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new BenchUsageException(name + " must be a positive whole number, not '" + value + "'");
        }
    }

    /** Runs the probe and prints its figures; 0 when every job was answered terminal. */
    public static int run(List<String> args, Map<String, String> env, PrintStream out) throws Exception {
        Options options = Options.parse(args, env);
        String authorization = "Bearer " + options.key();
        try (PlainHttp http = new PlainHttp(options.api(), Duration.ofSeconds(5));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore submitting = new Semaphore(32);
            List<Future<Long>> waits = new ArrayList<>();
            for (int i = 0; i < options.waiters(); i++) {
                int ms = ThreadLocalRandom.current().nextInt(options.minMs(), options.maxMs() + 1);
                waits.add(threads.submit(() -> {
                    String id;
                    submitting.acquire();
                    try {
                        id = submit(http, options.api(), authorization, ms);
                    } finally {
                        submitting.release();
                    }
                    return awaitMicros(http, options.api(), authorization, id);
                }));
            }
            // While the requests wait: the api-gateway's live threads and heap in use, at their highest.
            ServerLoad load = new ServerLoad();
            Future<?> sampling = threads.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    load.sample(http, options.api(), authorization);
                    Thread.sleep(1000);
                }
                return null;
            });
            List<Long> micros = new ArrayList<>();
            int failed = 0;
            for (Future<Long> wait : waits) {
                try {
                    micros.add(wait.get());
                } catch (java.util.concurrent.ExecutionException e) {
                    failed++;
                    if (failed <= 5) {
                        out.println("a waiter failed: " + e.getCause());
                    }
                }
            }
            sampling.cancel(true);
            LatencySummary latency = LatencySummary.ofMicros(
                    micros.stream().mapToLong(Long::longValue).toArray());
            out.printf(
                    "long-poll: %d jobs answered, %d failed; finished_at to answer: p50 %.0f ms, p95 %.0f ms,"
                            + " p99 %.0f ms, max %.0f ms%n",
                    latency.count(), failed, latency.p50Ms(), latency.p95Ms(), latency.p99Ms(), latency.maxMs());
            out.printf(
                    "long-poll: the api-gateway while they waited: at most %d live threads, %d MB heap in use%n",
                    load.maxThreads, load.maxHeapBytes / (1024 * 1024));
            return failed == 0 ? 0 : 1;
        }
    }

    /** The highest values of the api-gateway's {@code jvm.threads.live} and heap {@code jvm.memory.used}. */
    private static final class ServerLoad {
        private volatile long maxThreads;
        private volatile long maxHeapBytes;

        void sample(PlainHttp http, URI api, String authorization) {
            maxThreads = Math.max(maxThreads, metric(http, api, authorization, "jvm.threads.live"));
            maxHeapBytes = Math.max(maxHeapBytes, metric(http, api, authorization, "jvm.memory.used?tag=area:heap"));
        }

        private static long metric(PlainHttp http, URI api, String authorization, String name) {
            try {
                PlainHttp.Response answer =
                        http.get(api.resolve("/actuator/metrics/" + name), authorization, Duration.ofSeconds(10));
                if (answer.statusCode() != 200) {
                    return 0;
                }
                return JSON.readTree(answer.body())
                        .path("measurements")
                        .path(0)
                        .path("value")
                        .asLong();
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    private static String submit(PlainHttp http, URI api, String authorization, int ms) throws IOException {
        PlainHttp.Response answer = http.post(
                api.resolve("/api/v1/jobs"),
                authorization,
                "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":" + ms + "}}",
                Duration.ofSeconds(30));
        if (answer.statusCode() != 202) {
            throw new IOException("submit answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body()).get("task_id").asString();
    }

    /** Waits until the job is terminal; the microseconds from its finish to the answer. */
    private static long awaitMicros(PlainHttp http, URI api, String authorization, String id) throws IOException {
        URI status = api.resolve("/api/v1/admin/tasks/" + id + "/status?wait=" + WAIT.toSeconds() + "s");
        while (true) {
            PlainHttp.Response answer = http.get(status, authorization, WAIT.plusSeconds(30));
            Instant received = Instant.now();
            if (answer.statusCode() == 429) {
                sleepQuietly(Duration.ofMillis(200));
                continue;
            }
            if (answer.statusCode() != 200) {
                throw new IOException("status answered " + answer.statusCode() + ": " + answer.body());
            }
            JsonNode body = JSON.readTree(answer.body());
            JsonNode finished = body.get("finished_at");
            if (finished != null && !finished.isNull()) {
                return Duration.between(Instant.parse(finished.asString()), received)
                                .toNanos()
                        / 1000;
            }
        }
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
