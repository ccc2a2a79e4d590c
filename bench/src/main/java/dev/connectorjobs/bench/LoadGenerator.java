package dev.connectorjobs.bench;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * The clients: {@code clients} threads that take the next request in order, wait until
 * its intended send time ({@link OpenLoopSchedule}) and send it. One run per instance.
 */
final class LoadGenerator {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long PROGRESS_INTERVAL_SECONDS = 5;

    private final PlainHttp http;
    private final URI endpoint;
    private final String authorization;
    private final JobRequests requests;
    private final OpenLoopSchedule schedule;
    private final int clients;
    private final Deadline deadline;
    private final AcceptedIds acceptedIds;

    private final @Nullable UUID[] ids;
    private final long[] intendedEpochMicros;
    private final long[] requestLatencyMicros;
    private final ResponseCounts responses = new ResponseCounts();
    private final AtomicInteger nextRequest = new AtomicInteger();
    private final AtomicInteger acceptedJobs = new AtomicInteger();
    private final AtomicLong lastAnswerNanos = new AtomicLong();

    /**
     * Where and what to send.
     *
     * @param http the client, shared by all runs
     * @param api the api-gateway's base URL
     * @param key the API key
     * @param requests the bodies and how to read the answers
     */
    record Target(PlainHttp http, URI api, String key, JobRequests requests) {

        @Override
        public String toString() {
            return "Target[" + api + "]";
        }
    }

    /**
     * @param acceptedIds receives the id of every accepted job as its answer arrives, for those who
     *     read them during the run ({@link LookupsDuringRun})
     */
    LoadGenerator(Target target, OpenLoopSchedule schedule, int clients, Deadline deadline, AcceptedIds acceptedIds) {
        this.acceptedIds = acceptedIds;
        this.http = target.http();
        this.endpoint = target.requests().endpoint(target.api());
        this.authorization = "Bearer " + target.key();
        this.requests = target.requests();
        this.schedule = schedule;
        this.clients = clients;
        this.deadline = deadline;
        this.ids = new UUID[schedule.jobs()];
        this.intendedEpochMicros = new long[schedule.jobs()];
        this.requestLatencyMicros = new long[schedule.requests()];
    }

    /** Sends every request (or what the deadline leaves room for) and returns what happened. */
    Submissions run(RunClock clock) throws InterruptedException {
        lastAnswerNanos.set(clock.startNanos());
        runClients(
                clients,
                () -> client(clock),
                () -> "submitted %d of %d jobs".formatted(acceptedJobs.get(), schedule.jobs()));
        return new Submissions(
                ids,
                intendedEpochMicros,
                requestLatencyMicros,
                responses.all(),
                clock.startEpochMicros(),
                clock.epochMicros(lastAnswerNanos.get()));
    }

    /**
     * Runs {@code clients} copies of {@code client} on platform threads until all have returned,
     * printing {@code progress} every {@value #PROGRESS_INTERVAL_SECONDS} s meanwhile. Platform
     * threads wait for an answer in the socket read itself; a virtual thread would be woken through
     * the JDK's poller thread, one more hand-off per request on the cores the stack uses.
     */
    static void runClients(int clients, Runnable client, Supplier<String> progress) throws InterruptedException {
        ExecutorService executor = Executors.newFixedThreadPool(
                clients,
                Thread.ofPlatform().name("bench-client-", 0).daemon(true).factory());
        try {
            for (int i = 0; i < clients; i++) {
                executor.execute(client);
            }
            executor.shutdown();
            while (!executor.awaitTermination(PROGRESS_INTERVAL_SECONDS, TimeUnit.SECONDS)) {
                Bench.progress(progress.get());
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private void client(RunClock clock) {
        while (true) {
            int request = nextRequest.getAndIncrement();
            if (request >= schedule.requests()) {
                return;
            }
            long intended = schedule.intendedNanos(request, clock.startNanos(), System.nanoTime());
            if (deadline.isBefore(intended) || !sleepUntil(intended)) {
                requestLatencyMicros[request] = Submissions.FAILED;
                responses.add(ResponseCounts.NOT_SENT);
                continue;
            }
            send(request, intended, clock);
        }
    }

    private void send(int request, long intendedNanos, RunClock clock) {
        int first = schedule.firstJob(request);
        int count = schedule.jobsIn(request);
        long intendedMicros = clock.epochMicros(intendedNanos);
        for (int job = first; job < first + count; job++) {
            intendedEpochMicros[job] = intendedMicros;
        }
        requestLatencyMicros[request] = Submissions.FAILED;
        try {
            PlainHttp.Response response = http.post(endpoint, authorization, requests.body(first, count), timeout());
            long answered = System.nanoTime();
            lastAnswerNanos.accumulateAndGet(answered, (a, b) -> b - a > 0 ? b : a);
            String status = Integer.toString(response.statusCode());
            if (!ResponseCounts.isSuccess(status)) {
                responses.add(status);
                return;
            }
            record(first, count, requests.taskIds(response.body(), count), status);
            requestLatencyMicros[request] = (answered - intendedNanos) / 1_000L;
        } catch (IOException e) {
            responses.add(e.getClass().getSimpleName());
        } catch (JacksonException e) {
            responses.add(ResponseCounts.BAD_RESPONSE);
        }
    }

    private void record(int first, int count, List<Optional<UUID>> taskIds, String status) {
        int accepted = 0;
        for (int k = 0; k < count; k++) {
            Optional<UUID> id = taskIds.get(k);
            if (id.isPresent()) {
                ids[first + k] = id.get();
                acceptedIds.add(id.get());
                accepted++;
            }
        }
        responses.add(status);
        if (accepted < count) {
            responses.add(ResponseCounts.REJECTED_IN_BATCH, count - accepted);
        }
        acceptedJobs.addAndGet(accepted);
    }

    private Duration timeout() {
        long remaining = Math.max(deadline.remainingNanos(), TimeUnit.SECONDS.toNanos(1));
        return remaining < REQUEST_TIMEOUT.toNanos() ? Duration.ofNanos(remaining) : REQUEST_TIMEOUT;
    }

    /** Parks until {@code nanos}; false when interrupted. */
    static boolean sleepUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }
}
