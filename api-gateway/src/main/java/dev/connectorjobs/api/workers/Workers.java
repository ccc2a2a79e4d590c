package dev.connectorjobs.api.workers;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What runs where: the known workers with their state, and the running jobs grouped by worker. The
 * API's workers endpoints and the console read them here.
 */
@Service
public final class Workers {

    private final WorkersRepository repository;
    private final ObjectMapper mapper;
    private final WorkersProperties properties;
    private final Clock clock;

    Workers(WorkersRepository repository, ObjectMapper mapper, WorkersProperties properties, Clock clock) {
        this.repository = repository;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    public record WorkerView(
            @JsonProperty("worker_id") String workerId,
            @JsonProperty("host") String host,
            @JsonProperty("pid") long pid,
            @JsonProperty("queues") List<String> queues,
            @JsonProperty("concurrency") int concurrency,
            @JsonProperty("running") int running,
            @JsonProperty("started_at") Instant startedAt,
            @JsonProperty("last_heartbeat") Instant lastHeartbeat,
            @JsonProperty("stopped_at") @Nullable Instant stoppedAt,
            @JsonProperty("state") String state) {}

    public record ActiveTask(
            @JsonProperty("task_id") UUID taskId,
            @JsonProperty("connector") String connector,
            @JsonProperty("operation") String operation,
            @JsonProperty("attempt") int attempt,
            @JsonProperty("started_at") @Nullable Instant startedAt,
            @JsonProperty("runtime_ms") long runtimeMs,
            @JsonProperty("progress") @Nullable JsonNode progress,
            @JsonProperty("correlation_id") String correlationId) {}

    public record ActiveWorker(
            @JsonProperty("worker_id") String workerId,
            @JsonProperty("host") @Nullable String host,
            @JsonProperty("pid") @Nullable Long pid,
            @JsonProperty("last_heartbeat") @Nullable Instant lastHeartbeat,
            @JsonProperty("stale") boolean stale,
            @JsonProperty("tasks") List<ActiveTask> tasks) {}

    /** Every known worker, by id; {@code state} is active, stale or stopped. */
    public List<WorkerView> all() {
        Instant now = clock.instant();
        return repository.workers().stream().map(w -> view(w, now)).toList();
    }

    /** The running jobs, grouped by the worker that runs them (stale when it stopped heartbeating). */
    public List<ActiveWorker> active() {
        Instant now = clock.instant();
        Map<String, ActiveWorker> byWorker = new LinkedHashMap<>();
        for (WorkersRepository.RunningJob job : repository.runningJobs()) {
            ActiveWorker worker = byWorker.computeIfAbsent(
                    job.workerId(),
                    id -> new ActiveWorker(
                            id,
                            job.host(),
                            job.pid(),
                            job.lastHeartbeat(),
                            job.lastHeartbeat() == null || isStale(job.lastHeartbeat(), now) || job.workerStopped(),
                            new ArrayList<>()));
            worker.tasks()
                    .add(new ActiveTask(
                            job.id(),
                            job.connector(),
                            job.operation(),
                            job.attempt(),
                            job.startedAt(),
                            job.startedAt() == null
                                    ? 0
                                    : Math.max(
                                            0,
                                            Duration.between(job.startedAt(), now)
                                                    .toMillis()),
                            job.progress() == null ? null : mapper.readTree(job.progress()),
                            job.correlationId()));
        }
        return List.copyOf(byWorker.values());
    }

    private WorkerView view(WorkersRepository.WorkerRow row, Instant now) {
        String state = row.stoppedAt() != null ? "stopped" : isStale(row.lastHeartbeat(), now) ? "stale" : "active";
        return new WorkerView(
                row.id(),
                row.host(),
                row.pid(),
                row.queues(),
                row.concurrency(),
                row.running(),
                row.startedAt(),
                row.lastHeartbeat(),
                row.stoppedAt(),
                state);
    }

    private boolean isStale(Instant heartbeat, Instant now) {
        return properties.isStale(heartbeat, now);
    }
}
