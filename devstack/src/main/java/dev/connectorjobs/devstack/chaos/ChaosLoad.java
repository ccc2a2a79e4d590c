package dev.connectorjobs.devstack.chaos;

import dev.connectorjobs.bench.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The steady load: one job every {@code 1 / rate} seconds, open loop (a slow or dead api-gateway
 * does not slow the schedule; a submission still waiting for its answer just overlaps the next),
 * in a fixed mix by job number: of every ten, four {@code diagnostics.echo}, two {@code
 * diagnostics.sleep} (300 ms), one {@code diagnostics.fail} (fails its first attempt, retryable)
 * and three {@code external_api} POSTs to the stub, each with an {@code Idempotency-Key} of its own.
 *
 * <p>Submissions go round-robin to the api-gateways, as a load balancer would send them, each with
 * an {@code Idempotency-Key} of its own. When an api-gateway refuses or resets the connection, does
 * not answer within {@link #TRY_TIMEOUT} or answers 502 or 503, the same request (same key, so the
 * API answers a replay with the job it may have stored already) goes to the next one: a failover,
 * at most {@link #MAX_TRIES} tries within {@link #SUBMISSION_TIMEOUT}. A submission none accepts is
 * counted by its last outcome; only accepted jobs are judged. An api-gateway that failed a try is
 * out of the rotation until its readiness probe answers 200, as behind a load balancer's health
 * check; while none is in it, tries go round-robin to all. Each submission's latency runs from
 * its intended send time to its last answer, so a stall shows in every submission due during it.
 *
 * <p>At most {@link #MAX_IN_FLIGHT} tries are in flight at once, as the connection pools of a
 * fleet of clients bound them: a submission due while all are busy waits for one (its latency
 * counts the wait). Without the bound, once answers slowed down every timed-out try went on in
 * the api-gateway while its failover went to the other one, so the offered load grew with the
 * latency and the stack did not recover while the load lasted.
 */
final class ChaosLoad implements AutoCloseable {

    /** How long one submission may take, all its tries together. */
    static final Duration SUBMISSION_TIMEOUT = Duration.ofSeconds(30);
    /** How long one try waits for its answer before the request goes to the next api-gateway. */
    static final Duration TRY_TIMEOUT = Duration.ofSeconds(10);
    /** Tries of one submission at most, the first one included. */
    static final int MAX_TRIES = 4;
    /** Tries in flight at once, over all api-gateways. */
    static final int MAX_IN_FLIGHT = 256;
    /** The outcome of a submission that found no free place for a try within its time. */
    static final String NOT_SENT = "NotSentAllTriesInFlight";
    /** Before a try on an api-gateway the submission has tried already: give it a moment. */
    static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    static final String PATH = "/api/v1/jobs";
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String READINESS_PATH = "/actuator/health/readiness";
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(500);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * One submission, after its last try.
     *
     * @param job its number in the load
     * @param intended when it was due
     * @param latency from {@code intended} to its last answer (or failure)
     * @param tries how many api-gateways it was sent to, one more than its failovers
     * @param outcome the last try's HTTP status or exception
     * @param taskId the accepted job; empty when no api-gateway accepted it
     */
    record Submission(int job, Instant intended, Duration latency, int tries, String outcome, Optional<UUID> taskId) {

        boolean accepted() {
            return taskId.isPresent();
        }

        int failovers() {
            return Math.max(0, tries - 1);
        }
    }

    /** One try's result. */
    private record Answer(String outcome, boolean failOver, Optional<UUID> taskId) {}

    /**
     * One api-gateway, the connections to it and whether it is in the rotation: like a load
     * balancer, the load takes one that failed out until its readiness probe answers 200 again.
     */
    private record Gateway(URI endpoint, URI readiness, PlainHttp http, AtomicBoolean inService) {}

    private final List<Gateway> gateways;
    private final String authorization;
    private final String runId;
    private final Clock clock;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("chaos-load").factory());
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentLinkedQueue<Submission> submissions = new ConcurrentLinkedQueue<>();
    private final ConcurrentMap<String, UUID> keyed = new ConcurrentHashMap<>();
    private final AtomicLong failovers = new AtomicLong();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private volatile boolean closed;

    /**
     * A load on {@code apis}, the base URLs of the api-gateways, in round-robin order.
     *
     * @throws IllegalArgumentException when there is none
     */
    ChaosLoad(List<URI> apis, String adminKey, String runId, Clock clock) {
        if (apis.isEmpty()) {
            throw new IllegalArgumentException("the load needs an api-gateway");
        }
        this.gateways = apis.stream()
                .map(api -> new Gateway(
                        URI.create(api + PATH),
                        URI.create(api + READINESS_PATH),
                        new PlainHttp(api, CONNECT_TIMEOUT),
                        new AtomicBoolean(true)))
                .toList();
        this.authorization = "Bearer " + adminKey;
        this.runId = runId;
        this.clock = clock;
    }

    void start(double rate) {
        long startNanos = System.nanoTime();
        long periodNanos = Math.max(1, Math.round(1e9 / rate));
        ticker.scheduleAtFixedRate(
                () -> {
                    int job = next.getAndIncrement();
                    long intendedNanos = startNanos + job * periodNanos;
                    senders.execute(() -> submit(job, intendedNanos));
                },
                0,
                periodNanos,
                TimeUnit.NANOSECONDS);
    }

    /** Stops submitting and waits for the answers still due. */
    @Override
    public void close() {
        closed = true;
        ticker.shutdownNow();
        // A tick under way still hands its job to the senders: only then may they stop taking more.
        await(ticker, Duration.ofSeconds(5));
        senders.shutdown();
        await(senders, SUBMISSION_TIMEOUT.plusSeconds(5));
        gateways.forEach(gateway -> gateway.http().close());
    }

    private static void await(ExecutorService executor, Duration timeout) {
        try {
            executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int submitted() {
        return next.get();
    }

    /** Every finished submission, in job order. */
    List<Submission> submissions() {
        return submissions.stream()
                .sorted(Comparator.comparingInt(Submission::job))
                .toList();
    }

    /** The ids of the accepted jobs, in submission order. */
    List<UUID> accepted() {
        return submissions().stream().flatMap(s -> s.taskId().stream()).toList();
    }

    /** The accepted keyed writes by the key in their path. */
    Map<String, UUID> keyedJobs() {
        return Map.copyOf(keyed);
    }

    /** Submissions by their last outcome: an HTTP status or an exception's name. */
    Map<String, Long> outcomes() {
        Map<String, Long> counts = new TreeMap<>();
        submissions.forEach(s -> counts.merge(s.outcome(), 1L, Long::sum));
        return counts;
    }

    /** Requests sent again to the next api-gateway, over all submissions. */
    long failovers() {
        return failovers.get();
    }

    /**
     * Submits job number {@code job}, due at {@code intendedNanos} ({@link System#nanoTime()}),
     * failing over from one api-gateway to the next as needed.
     */
    Submission submit(int job, long intendedNanos) {
        Instant intended = clock.instant().minusNanos(System.nanoTime() - intendedNanos);
        String key = runId + "-" + job;
        String body = body(job, key);
        long deadline = System.nanoTime() + SUBMISSION_TIMEOUT.toNanos();
        // Until a try is sent: the outcome of a submission that waited its whole time for one.
        Answer answer = new Answer(NOT_SENT, false, Optional.empty());
        int tries = 0;
        while (true) {
            Gateway gateway = pick(job, tries);
            if (tries >= gateways.size()) {
                pause(Math.min(RETRY_PAUSE.toNanos(), deadline - System.nanoTime()));
            }
            if (!acquire(deadline)) {
                break; // the last try's answer stands, or none was sent
            }
            long remaining = deadline - System.nanoTime();
            tries++;
            try {
                answer = tryOnce(gateway, key, body, Duration.ofNanos(Math.clamp(remaining, 1, TRY_TIMEOUT.toNanos())));
            } finally {
                inFlight.release();
            }
            if (answer.failOver()) {
                takeOutOfRotation(gateway);
            }
            if (!answer.failOver()
                    || tries >= MAX_TRIES
                    || deadline - System.nanoTime() <= 0
                    || Thread.currentThread().isInterrupted()) {
                break;
            }
            failovers.incrementAndGet();
        }
        Submission submission = new Submission(
                job,
                intended,
                Duration.ofNanos(System.nanoTime() - intendedNanos),
                tries,
                answer.outcome(),
                answer.taskId());
        submission.taskId().filter(id -> isKeyedWrite(job)).ifPresent(id -> keyed.put(key, id));
        submissions.add(submission);
        return submission;
    }

    /** Takes a place for a try, waiting at most until {@code deadline} ({@link System#nanoTime()}). */
    private boolean acquire(long deadline) {
        try {
            return inFlight.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The api-gateway for try {@code tries} of job {@code job}: the next in the rotation, else the next one at all. */
    private Gateway pick(int job, int tries) {
        int count = gateways.size();
        for (int i = 0; i < count; i++) {
            Gateway gateway = gateways.get((int) ((job + (long) tries + i) % count));
            if (gateway.inService().get()) {
                return gateway;
            }
        }
        return gateways.get((int) ((job + (long) tries) % count));
    }

    private void takeOutOfRotation(Gateway gateway) {
        if (gateway.inService().compareAndSet(true, false)) {
            Thread.ofVirtual().name("chaos-probe").start(() -> probeUntilReady(gateway));
        }
    }

    private void probeUntilReady(Gateway gateway) {
        while (!closed) {
            pause(PROBE_INTERVAL.toNanos());
            try {
                PlainHttp.Response probe = gateway.http().get(gateway.readiness(), authorization, CONNECT_TIMEOUT);
                if (probe.statusCode() == 200) {
                    gateway.inService().set(true);
                    return;
                }
            } catch (IOException e) {
                // still down: probe again
            }
        }
    }

    private Answer tryOnce(Gateway gateway, String key, String body, Duration timeout) {
        try {
            PlainHttp.Response response =
                    gateway.http().post(gateway.endpoint(), authorization, Map.of(IDEMPOTENCY_KEY, key), body, timeout);
            int status = response.statusCode();
            if (status / 100 != 2) {
                return new Answer(Integer.toString(status), status == 502 || status == 503, Optional.empty());
            }
            Optional<UUID> id = taskId(response.body());
            return new Answer(id.isPresent() ? Integer.toString(status) : "2xx without task_id", false, id);
        } catch (IOException e) {
            // Refused, reset, timed out, or a kept-alive connection the api-gateway closed on its way down.
            return new Answer(e.getClass().getSimpleName(), true, Optional.empty());
        }
    }

    private static void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean isKeyedWrite(int job) {
        return job % 10 >= 7;
    }

    /** The request body of job number {@code job}; {@code key} names its keyed write. */
    static String body(int job, String key) {
        return switch (job % 10) {
            case 0, 1, 2, 3 -> diagnostics("echo", "{\"n\":" + job + "}");
            case 4, 5 -> diagnostics("sleep", "{\"ms\":300}");
            case 6 -> diagnostics("fail", "{\"times\":1}");
            default ->
                "{\"connector\":\"external_api\",\"operation\":\"request\",\"params\":{\"method\":\"POST\","
                        + "\"path\":\"" + RecordingStub.EFFECTS + key + "\",\"headers\":{\"Idempotency-Key\":\""
                        + key + "\"},\"body\":{\"n\":" + job + "}}}";
        };
    }

    private static String diagnostics(String operation, String params) {
        return "{\"connector\":\"diagnostics\",\"operation\":\"" + operation + "\",\"params\":" + params + "}";
    }

    private static Optional<UUID> taskId(String body) {
        try {
            JsonNode id = JSON.readTree(body).get("task_id");
            return id == null || !id.isString() ? Optional.empty() : Optional.of(UUID.fromString(id.asString()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
