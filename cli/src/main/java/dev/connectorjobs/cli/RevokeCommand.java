package dev.connectorjobs.cli;

import dev.connectorjobs.client.Revoked;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs revoke ID [--reason TEXT]}. */
@Command(
        name = "revoke",
        mixinStandardHelpOptions = true,
        description = "Revoke a task: it never runs again; a running attempt is asked to stop.",
        footer = "%nExit codes: 0 revoked, 3 no such task, 4 auth, 5 API error (e.g. 409: it already finished).")
final class RevokeCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "ID", description = "The task id.")
    UUID id = new UUID(0, 0);

    @Option(names = "--reason", description = "Why; recorded with the task.")
    @Nullable
    String reason;

    RevokeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Revoked revoked = context.client(common.config).revoke(id, reason);
        if (common.json) {
            Json.print(context.out(), revoked);
        } else {
            context.out()
                    .printf(
                            "Revoked %s (was %s)%s%n",
                            revoked.taskId(),
                            revoked.previousStatus(),
                            revoked.cancelRequested() ? "; the running attempt was asked to stop" : "");
            context.out().flush();
        }
        return ExitCodes.OK;
    }
}
