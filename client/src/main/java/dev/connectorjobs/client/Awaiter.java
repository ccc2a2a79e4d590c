package dev.connectorjobs.client;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Waits for a task to finish with the long-poll form of the status read, {@code
 * ?wait=30s&since_status=<last seen>}: the server holds the request until the task's status changes
 * or the wait is over. A server without long-polling ignores the two parameters and answers at
 * once; an unchanged, unfinished answer that comes back well before the wait is over is taken as
 * that, and the next poll follows a pause that doubles up to the poll interval. So the same loop
 * costs one request per status change against a long-polling server, and a bounded poll rate
 * against any other.
 */
final class Awaiter {

    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);

    private final Http http;

    Awaiter(Http http) {
        this.http = http;
    }

    TaskStatus await(UUID id, Instant deadline) {
        ClientSettings settings = http.settings();
        String lastSeen = null;
        Duration pause = FIRST_PAUSE;
        while (true) {
            Instant asked = settings.clock().instant();
            Duration remaining = Duration.between(asked, deadline);
            long waitSeconds = Math.max(1, Math.min(settings.longPoll().toSeconds(), remaining.toSeconds()));
            TaskStatus status = poll(id, remaining.isNegative() || remaining.isZero() ? 0 : waitSeconds, lastSeen);
            if (status.isTerminal()) {
                return status;
            }
            Instant answered = settings.clock().instant();
            if (!answered.isBefore(deadline)) {
                throw new AwaitTimeoutException(status);
            }
            boolean changed = lastSeen != null && !lastSeen.equals(status.status());
            boolean early = Duration.between(asked, answered)
                            .compareTo(Duration.ofSeconds(waitSeconds).dividedBy(2))
                    < 0;
            if (changed) {
                pause = FIRST_PAUSE;
            } else if (early) {
                sleep(min(pause, Duration.between(answered, deadline)));
                pause = min(pause.multipliedBy(2), settings.pollInterval());
            }
            lastSeen = status.status();
        }
    }

    private TaskStatus poll(UUID id, long waitSeconds, @Nullable String lastSeen) {
        String path = "/api/v1/admin/tasks/" + id + "/status";
        if (waitSeconds > 0) {
            path += "?wait=" + waitSeconds + "s" + (lastSeen == null ? "" : "&since_status=" + lastSeen);
        }
        Http.Answer answer = http.send(new Http.Call(
                "GET",
                path,
                null,
                java.util.Map.of(),
                Http.Retry.SAFE,
                http.settings().requestTimeout().plusSeconds(waitSeconds)));
        return http.json().treeToValue(answer.body(), TaskStatus.class);
    }

    private void sleep(Duration duration) {
        try {
            http.settings().sleeper().sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorJobsException("Interrupted while waiting for a task to finish", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
