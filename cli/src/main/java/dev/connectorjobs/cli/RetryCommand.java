package dev.connectorjobs.cli;

import dev.connectorjobs.client.BulkRedriven;
import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.RedriveFilter;
import dev.connectorjobs.client.Redriven;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs retry ID... [--max-retries N]}, or {@code jobs retry --status FAILURE --connector X ...} in bulk. */
@Command(
        name = "retry",
        mixinStandardHelpOptions = true,
        description = {
            "Re-drive tasks that ended FAILURE or REVOKED: each gets a new attempt, its history kept.",
            "With IDs, those tasks; without, every finished task the filters match (a USER key: its own only)."
        },
        footer = "%nExit codes: 0 re-driven, 2 usage, 3 no such task, 4 auth (e.g. another client's task),"
                + " 5 API error (e.g. 409: the task succeeded or has not ended).")
final class RetryCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "0..*", paramLabel = "ID", description = "Task ids to re-drive.")
    List<UUID> ids = new ArrayList<>();

    @Option(names = "--max-retries", description = "A new retry budget (the task's own if absent).")
    @Nullable
    Integer maxRetries;

    @Option(names = "--status", description = "Bulk: FAILURE or REVOKED (both if absent).")
    @Nullable
    String status;

    @Option(names = "--connector", description = "Bulk: only this connector's tasks.")
    @Nullable
    String connector;

    @Option(names = "--operation", description = "Bulk: only this operation's tasks.")
    @Nullable
    String operation;

    @Option(names = "--error-type", description = "Bulk: only tasks that ended with this error type, e.g. PoisonJob.")
    @Nullable
    String errorType;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Bulk: created at or after this instant.")
    @Nullable
    String since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Bulk: created before this instant.")
    @Nullable
    String until;

    RetryCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        boolean filtered = status != null
                || connector != null
                || operation != null
                || errorType != null
                || since != null
                || until != null;
        if (ids.isEmpty() == !filtered) {
            throw new UsageException(
                    ids.isEmpty()
                            ? "give task IDs, or filters (--status, --connector, --operation, --error-type, --since,"
                                    + " --until) for a bulk re-drive"
                            : "give either task IDs or filters, not both");
        }
        ConnectorJobsClient client = context.client(common.config);
        if (filtered) {
            RedriveFilter filter = new RedriveFilter(status, connector, operation, errorType, null, null, maxRetries)
                    .since(instant(since, "--since"))
                    .until(instant(until, "--until"));
            BulkRedriven bulk = client.retryAll(filter);
            if (common.json) {
                Json.print(context.out(), bulk);
            } else {
                context.out()
                        .printf(
                                "Re-queued %d tasks%s%n",
                                bulk.requeued(), bulk.more() ? "; more may match: run the same command again" : "");
                context.out().flush();
            }
            return ExitCodes.OK;
        }
        for (UUID id : ids) {
            Redriven redriven = client.retry(id, maxRetries);
            if (common.json) {
                Json.print(context.out(), redriven);
            } else {
                context.out()
                        .printf(
                                "Re-drove %s (was %s): attempt %d is %s%n",
                                redriven.taskId(), redriven.previousStatus(), redriven.attempt(), redriven.status());
                context.out().flush();
            }
        }
        return ExitCodes.OK;
    }

    private static @Nullable Instant instant(@Nullable String text, String option) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new UsageException(option + " '" + text + "' is not an instant; use e.g. 2026-01-31T12:00:00Z");
        }
    }
}
