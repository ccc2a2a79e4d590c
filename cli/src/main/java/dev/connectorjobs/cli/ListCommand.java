package dev.connectorjobs.cli;

import dev.connectorjobs.client.TaskQuery;
import dev.connectorjobs.client.TaskSummary;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jobs list [--status S] [--connector C] [--since T] [--until T] [--limit N]}. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        description = "List tasks, newest first, following the pages as needed.")
final class ListCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Option(names = "--status", description = "PENDING, QUEUED, STARTED, RETRY, SUCCESS, FAILURE or REVOKED.")
    @Nullable
    String status;

    @Option(names = "--connector", description = "Only this connector's tasks.")
    @Nullable
    String connector;

    @Option(names = "--since", paramLabel = "INSTANT", description = "Created at or after, e.g. 2026-01-31T12:00:00Z.")
    @Nullable
    Instant since;

    @Option(names = "--until", paramLabel = "INSTANT", description = "Created before this instant.")
    @Nullable
    Instant until;

    @Option(names = "--limit", description = "Most tasks to print (default: ${DEFAULT-VALUE}).")
    int limit = 50;

    ListCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new UsageException("--limit must be 1 or more");
        }
        TaskQuery query = TaskQuery.all()
                .status(status)
                .connector(connector)
                .since(since)
                .until(until)
                .pageSize(Math.min(limit, 500));
        List<TaskSummary> tasks =
                context.client(common.config).stream(query).limit(limit).toList();
        if (common.json) {
            Json.print(context.out(), tasks);
            return ExitCodes.OK;
        }
        Table table = new Table("TASK_ID", "STATUS", "CONNECTOR", "OPERATION", "ATTEMPT", "CREATED_AT", "ERROR_TYPE");
        tasks.forEach(t -> table.row(
                t.taskId(), t.status(), t.connector(), t.operation(), t.attempt(), t.createdAt(), t.errorType()));
        table.print(context.out());
        return ExitCodes.OK;
    }
}
