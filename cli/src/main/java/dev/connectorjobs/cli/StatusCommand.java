package dev.connectorjobs.cli;

import dev.connectorjobs.client.TaskStatus;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jobs status ID}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Print a task's status, result and error.",
        footer = "%nExit codes: 0 found, 2 usage, 3 no such task, 4 auth, 5 API or network error.")
final class StatusCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "ID", description = "The task id returned on submission.")
    UUID id = new UUID(0, 0);

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        TaskStatus status = context.client(common.config).status(id);
        if (common.json) {
            Json.print(context.out(), status);
        } else {
            StatusView.print(context.out(), status);
        }
        return ExitCodes.OK;
    }
}
