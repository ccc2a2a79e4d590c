package dev.connectorjobs.api.breaker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.connectorjobs.api.control.ControlPublisher;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.workers.WorkersProperties;
import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.dispatch.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sends a breaker command to every worker and reports who applied it.
 *
 * <p>The command goes out on {@code jobs.control} (key: the breaker name), which every worker reads
 * in full; each worker applies it, writes its breaker's snapshot and then its acknowledgement row.
 * The API waits, up to the requested time, until every worker that was live when the command was
 * sent has acknowledged. Workers that acknowledge without having been counted as live (one that
 * just started) are reported too. Control messages are not durable commands: a worker that was
 * down when one was sent never applies it, which is why the answer says who did.
 */
@Service
public class BreakerCommands {

    private static final Logger log = LoggerFactory.getLogger(BreakerCommands.class);

    private final ControlPublisher control;
    private final BreakerRepository repository;
    private final AuditLog audit;
    private final BreakerAdminProperties properties;
    private final WorkersProperties workers;
    private final Clock clock;

    BreakerCommands(
            ControlPublisher control,
            BreakerRepository repository,
            AuditLog audit,
            BreakerAdminProperties properties,
            WorkersProperties workers,
            Clock clock) {
        this.control = control;
        this.repository = repository;
        this.audit = audit;
        this.properties = properties;
        this.workers = workers;
        this.clock = clock;
    }

    /**
     * The answer to a command.
     *
     * @param service the breaker
     * @param action what was asked
     * @param requestId the control request, the key of its acknowledgements
     * @param workersTotal live workers, plus any other that acknowledged
     * @param workersApplied workers that changed their breaker
     * @param workers each worker's acknowledgement
     */
    public record Result(
            @JsonProperty("service") String service,
            @JsonProperty("action") String action,
            @JsonProperty("request_id") UUID requestId,
            @JsonProperty("workers_total") int workersTotal,
            @JsonProperty("workers_applied") int workersApplied,
            @JsonProperty("workers") Map<String, WorkerAck> workers) {

        /** Whether every worker counted answered in time. */
        public boolean complete() {
            return workers.values().stream().allMatch(WorkerAck::acknowledged);
        }
    }

    /**
     * One worker's answer.
     *
     * @param acknowledged whether it answered in time
     * @param applied whether it changed its breaker (false: nothing to do, or it failed)
     * @param detail what it did, in its words
     * @param ackedAt when it answered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WorkerAck(
            @JsonProperty("acknowledged") boolean acknowledged,
            @JsonProperty("applied") @Nullable Boolean applied,
            @JsonProperty("detail") @Nullable String detail,
            @JsonProperty("acked_at") @Nullable Instant ackedAt) {}

    /** Sends {@code action} on breaker {@code service} to every worker and waits up to {@code wait}. */
    Result send(String service, BreakerAction action, Duration wait) {
        List<String> live = repository.liveWorkers(workers.liveSince(clock.instant()));
        ControlMessage message = publish(service, action);
        audit.record(
                "breaker." + action.path(),
                service,
                Map.of("request_id", message.requestId().toString(), "live_workers", live.size()));
        log.info(
                "Breaker command {} {} sent as control request {} to {} live workers",
                action.path(),
                service,
                message.requestId(),
                live.size());
        List<BreakerRepository.Ack> acks = awaitAcks(message.requestId(), live, wait);
        return result(service, action, message.requestId(), live, acks);
    }

    private ControlMessage publish(String service, BreakerAction action) {
        try {
            ControlPublisher.Sent sent = control.publish(action.type(), service, null, "admin API: " + action.path());
            sent.acknowledged().get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return sent.message();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private static ResponseStatusException unavailable(Exception e) {
        log.warn("Could not publish a breaker command to {}: {}", Topics.CONTROL_TOPIC, e.toString());
        return new ResponseStatusException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The command could not be sent to the workers: Kafka did not accept it on " + Topics.CONTROL_TOPIC
                        + "; nothing was applied, retry when the broker is reachable");
    }

    private List<BreakerRepository.Ack> awaitAcks(UUID requestId, List<String> live, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<BreakerRepository.Ack> acks = repository.acks(requestId);
            boolean all =
                    acks.stream().map(BreakerRepository.Ack::workerId).toList().containsAll(live);
            long left = deadline - System.nanoTime();
            if (all || left <= 0) {
                return acks;
            }
            try {
                Thread.sleep(Math.min(
                        TimeUnit.NANOSECONDS.toMillis(left) + 1,
                        properties.ackPollInterval().toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return repository.acks(requestId);
            }
        }
    }

    private static Result result(
            String service, BreakerAction action, UUID requestId, List<String> live, List<BreakerRepository.Ack> acks) {
        TreeSet<String> ids = new TreeSet<>(live);
        acks.forEach(a -> ids.add(a.workerId()));
        Map<String, WorkerAck> workers = new LinkedHashMap<>();
        for (String id : ids) {
            workers.put(id, new WorkerAck(false, null, null, null));
        }
        for (BreakerRepository.Ack ack : acks) {
            workers.put(ack.workerId(), new WorkerAck(true, ack.applied(), ack.detail(), ack.ackedAt()));
        }
        int applied = (int) acks.stream().filter(BreakerRepository.Ack::applied).count();
        return new Result(service, action.path(), requestId, workers.size(), applied, workers);
    }
}
