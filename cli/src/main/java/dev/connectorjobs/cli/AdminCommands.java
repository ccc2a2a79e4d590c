package dev.connectorjobs.cli;

import dev.connectorjobs.client.BreakerAction;
import dev.connectorjobs.client.BreakerCommandResult;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The operators' commands: running tasks, workers, breakers and breaker commands. */
final class AdminCommands {

    private AdminCommands() {}

    @Command(
            name = "active",
            mixinStandardHelpOptions = true,
            description = "List the tasks running now, with their workers.")
    static final class Active implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        Active(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var tasks = context.client(common.config).active();
            if (common.json) {
                Json.print(context.out(), tasks);
                return ExitCodes.OK;
            }
            Table table = new Table("TASK_ID", "JOB", "ATTEMPT", "RUNTIME_MS", "WORKER", "PROGRESS");
            tasks.forEach(t -> table.row(
                    t.taskId(),
                    t.connector() + " " + t.operation(),
                    t.attempt(),
                    t.runtimeMs(),
                    t.workerId() + (t.workerStale() ? " (stale)" : ""),
                    Json.compact(t.progress())));
            table.print(context.out());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "workers",
            mixinStandardHelpOptions = true,
            description = "List the workers: state, queues, load, last heartbeat.")
    static final class Workers implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        Workers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var workers = context.client(common.config).workers();
            if (common.json) {
                Json.print(context.out(), workers);
                return ExitCodes.OK;
            }
            Table table = new Table("WORKER_ID", "STATE", "HOST", "PID", "QUEUES", "RUNNING", "LAST_HEARTBEAT");
            workers.forEach(w -> table.row(
                    w.workerId(),
                    w.state(),
                    w.host(),
                    w.pid(),
                    String.join(",", w.queues()),
                    w.running() + "/" + w.concurrency(),
                    w.lastHeartbeat()));
            table.print(context.out());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "breakers",
            mixinStandardHelpOptions = true,
            description = "List the circuit breakers as the live workers report them.")
    static final class Breakers implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        Breakers(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var breakers = context.client(common.config).breakers();
            if (common.json) {
                Json.print(context.out(), breakers);
                return ExitCodes.OK;
            }
            Table table = new Table("BREAKER", "STATE", "FAILURES", "OPENED_AT", "NOTE");
            breakers.forEach(b -> table.row(
                    b.name(),
                    b.state(),
                    b.failCounter() + "/" + b.failMax(),
                    b.openedAt(),
                    b.forcedOpen() ? "forced open" : b.disabled() ? "disabled" : ""));
            table.print(context.out());
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "breaker",
            mixinStandardHelpOptions = true,
            description = "Send a command to a breaker on every live worker (ADMIN keys only).",
            footer = "%nExit codes: 0 applied, 3 no such breaker, 4 not an ADMIN key, 5 API or network error.")
    static final class Breaker implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(index = "0", paramLabel = "ACTION", description = "reset, force-open, disable or restore.")
        String action = "";

        @Parameters(index = "1", paramLabel = "SERVICE", description = "The breaker's name, e.g. servicenow.")
        String service = "";

        Breaker(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            BreakerAction command = BreakerAction.ofPath(action)
                    .orElseThrow(() -> new UsageException(
                            "ACTION '" + action + "' is not one of reset, force-open, disable, restore"));
            BreakerCommandResult result = context.client(common.config).breaker(service, command);
            if (common.json) {
                Json.print(context.out(), result);
            } else {
                context.out()
                        .printf(
                                "%s %s: applied by %d of %d live workers%s%n",
                                result.action(),
                                result.service(),
                                result.workersApplied(),
                                result.workersTotal(),
                                result.complete() ? "" : "; the others apply it when they next read their commands");
                context.out().flush();
            }
            return ExitCodes.OK;
        }
    }
}
