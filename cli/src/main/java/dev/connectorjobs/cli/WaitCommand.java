package dev.connectorjobs.cli;

import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs wait ID...}: waits for every task, under one overall timeout. */
@Command(
        name = "wait",
        mixinStandardHelpOptions = true,
        description = "Wait until every given task has finished; print their final status.",
        footer = "%nExit codes: 0 all succeeded, 1 any failed or was revoked, 3 no such task, 4 auth,"
                + " 5 API or network error, 6 --timeout passed.")
final class WaitCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(arity = "1..*", paramLabel = "ID", description = "Task ids.")
    List<UUID> ids = new ArrayList<>();

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10m",
            description = "How long to wait for all of them, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofMinutes(10);

    WaitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        ConnectorJobsClient client = context.client(common.config);
        Instant deadline = Instant.now().plus(timeout);
        List<TaskStatus> done = new ArrayList<>();
        for (UUID id : ids) {
            done.add(client.await(id, deadline));
        }
        if (common.json) {
            Json.print(context.out(), done);
        } else {
            Table table = new Table("TASK_ID", "STATUS", "JOB", "FINISHED_AT", "ERROR");
            done.forEach(s ->
                    table.row(s.taskId(), s.status(), s.connector() + " " + s.operation(), s.finishedAt(), s.error()));
            table.print(context.out());
        }
        return done.stream().allMatch(TaskStatus::succeeded) ? ExitCodes.OK : ExitCodes.JOB_FAILED;
    }
}
