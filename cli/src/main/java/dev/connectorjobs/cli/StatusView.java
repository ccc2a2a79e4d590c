package dev.connectorjobs.cli;

import dev.connectorjobs.client.TaskStatus;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;

/** A task's status for people: one field a line, the result and error last. */
final class StatusView {

    private StatusView() {}

    static void print(PrintWriter out, TaskStatus s) {
        field(out, "task_id", s.taskId());
        field(out, "status", s.status());
        field(out, "job", s.connector() + " " + s.operation());
        field(out, "queue", s.queue());
        field(out, "attempt", s.attempt() + " of " + (s.maxRetries() + 1));
        field(out, "created_at", s.createdAt());
        field(out, "started_at", s.startedAt());
        field(out, "finished_at", s.finishedAt());
        field(out, "worker_id", s.workerId());
        field(out, "correlation_id", s.correlationId());
        if (s.revokeReason() != null) {
            field(out, "revoke_reason", s.revokeReason());
        }
        if (s.progress() != null && !s.progress().isNull()) {
            field(out, "progress", Json.compact(s.progress()));
        }
        if (s.error() != null) {
            field(out, "error", (s.errorType() == null ? "" : s.errorType() + ": ") + s.error());
        }
        if (s.result() != null && !s.result().isNull()) {
            field(out, "result", Json.compact(s.result()));
        }
        out.flush();
    }

    /** The exit code for a task's final status: 0 for SUCCESS, 1 for FAILURE or REVOKED. */
    static int exitCode(TaskStatus s) {
        return s.succeeded() ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }

    private static void field(PrintWriter out, String name, @Nullable Object value) {
        out.printf("%-15s %s%n", name, value == null ? "-" : value);
    }
}
