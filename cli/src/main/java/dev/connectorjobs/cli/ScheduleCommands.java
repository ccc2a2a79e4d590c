package dev.connectorjobs.cli;

import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.JobRequest;
import dev.connectorjobs.client.Schedule;
import dev.connectorjobs.client.SchedulePage;
import dev.connectorjobs.client.ScheduleRequest;
import dev.connectorjobs.client.ScheduleRunPage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code jobs schedules ...}: recurring schedules and their runs. */
final class ScheduleCommands {

    private ScheduleCommands() {}

    /** The {@code schedules} command with its subcommands. */
    static CommandLine commandLine(CliContext context) {
        return new CommandLine(new Schedules(context))
                .addSubcommand(new Create(context))
                .addSubcommand(new ListSchedules(context))
                .addSubcommand(new Show(context))
                .addSubcommand(new Pause(context))
                .addSubcommand(new Resume(context))
                .addSubcommand(new Delete(context))
                .addSubcommand(new Runs(context));
    }

    @Command(
            name = "schedules",
            mixinStandardHelpOptions = true,
            description = "Recurring schedules: a cron expression in a time zone that submits a job at every tick.")
    static final class Schedules implements Callable<Integer> {
        private final CliContext context;

        @CommandLine.Spec
        CommandLine.Model.@Nullable CommandSpec spec;

        Schedules(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            if (spec != null) {
                spec.commandLine().usage(context.err());
            }
            return ExitCodes.USAGE;
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create a schedule that submits CONNECTOR OPERATION at every tick of CRON.",
            footer = "%nCRON has 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first;"
                    + " quote it. Example: jobs schedules create 'nightly' '0 30 2 * * *' diagnostics echo"
                    + " --zone Europe/Berlin --params-json '{\"hello\":\"world\"}'")
    static final class Create implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(index = "0", paramLabel = "NAME", description = "A name for people.")
        String name = "";

        @Parameters(index = "1", paramLabel = "CRON", description = "The cron expression, quoted.")
        String cron = "";

        @Parameters(index = "2", paramLabel = "CONNECTOR", description = "Connector name, e.g. diagnostics.")
        String connector = "";

        @Parameters(index = "3", paramLabel = "OPERATION", description = "Operation, e.g. echo.")
        String operation = "";

        @Option(names = "--params-json", paramLabel = "JSON", description = "The job's params as a JSON object.")
        @Nullable
        String paramsJson;

        @Option(names = "--max-retries", description = "Retries after the first attempt (server default if absent).")
        @Nullable
        Integer maxRetries;

        @Option(names = "--job-timeout", paramLabel = "SECONDS", description = "Time limit of one attempt, in seconds.")
        @Nullable
        Integer jobTimeout;

        @Option(names = "--queue", description = "Queue to run on (the connector's route if absent).")
        @Nullable
        String queue;

        @Option(
                names = "--zone",
                paramLabel = "ZONE",
                description = "IANA time zone the cron is read in (default UTC).")
        @Nullable
        String zone;

        @Option(
                names = "--misfire",
                paramLabel = "POLICY",
                description = "skip (default) or run_once: what to do with ticks missed while no api-gateway ran.")
        @Nullable
        String misfire;

        @Option(names = "--paused", description = "Create it paused.")
        boolean paused;

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            JobRequest job = new JobRequest(connector, operation, params(), maxRetries, jobTimeout, queue, null, null);
            ScheduleRequest request = new ScheduleRequest(name, cron, zone, misfire, job, paused ? Boolean.TRUE : null);
            Schedule created = context.client(common.config).createSchedule(request);
            if (common.json) {
                Json.print(context.out(), created);
            } else {
                context.out()
                        .printf(
                                "Created schedule %s; next run at %s%n",
                                created.scheduleId(), created.nextRunAt() == null ? "- (paused)" : created.nextRunAt());
                context.out().flush();
            }
            return ExitCodes.OK;
        }

        private Map<String, Object> params() {
            Map<String, Object> all = new LinkedHashMap<>();
            if (paramsJson != null) {
                JsonNode node = Json.parse(paramsJson, "--params-json");
                if (!node.isObject()) {
                    throw new UsageException("--params-json must be a JSON object, e.g. '{\"times\": 2}'");
                }
                node.properties().forEach(e -> all.put(e.getKey(), e.getValue()));
            }
            return all;
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List your schedules (every schedule with an ADMIN key).")
    static final class ListSchedules implements Callable<Integer> {
        private final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        ListSchedules(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            ConnectorJobsClient client = context.client(common.config);
            List<Schedule> all = new ArrayList<>();
            String cursor = null;
            do {
                SchedulePage page = client.schedules(cursor, 500);
                all.addAll(page.schedules());
                cursor = page.nextCursor();
            } while (cursor != null);
            if (common.json) {
                Json.print(context.out(), all);
                return ExitCodes.OK;
            }
            Table table = new Table("SCHEDULE_ID", "NAME", "CRON", "ZONE", "STATE", "NEXT_RUN_AT", "JOB");
            all.forEach(s -> table.row(
                    s.scheduleId(),
                    s.name(),
                    s.cron(),
                    s.timeZone(),
                    s.paused() ? "paused" : "active",
                    s.nextRunAt(),
                    s.job().path("connector").asString("") + " "
                            + s.job().path("operation").asString("")));
            table.print(context.out());
            return ExitCodes.OK;
        }
    }

    /** A command on one schedule, named by its id. */
    abstract static class OnSchedule implements Callable<Integer> {
        final CliContext context;

        @Mixin
        CommonOptions common = new CommonOptions();

        @Parameters(index = "0", paramLabel = "SCHEDULE_ID", description = "The schedule's id.")
        String id = "";

        OnSchedule(CliContext context) {
            this.context = context;
        }

        UUID scheduleId() {
            try {
                return UUID.fromString(id);
            } catch (IllegalArgumentException e) {
                throw new UsageException("SCHEDULE_ID '" + id + "' is not a UUID; see jobs schedules list");
            }
        }

        Integer print(Schedule schedule, String verb) {
            if (common.json) {
                Json.print(context.out(), schedule);
            } else {
                context.out()
                        .printf(
                                "%s %s (%s, %s %s); next run at %s%n",
                                verb,
                                schedule.scheduleId(),
                                schedule.name(),
                                schedule.cron(),
                                schedule.timeZone(),
                                schedule.nextRunAt() == null ? "- (paused)" : schedule.nextRunAt());
                context.out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one schedule.")
    static final class Show extends OnSchedule {
        Show(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            return print(context.client(common.config).schedule(scheduleId()), "Schedule");
        }
    }

    @Command(
            name = "pause",
            mixinStandardHelpOptions = true,
            description = "Pause a schedule: no tick runs until it is resumed.")
    static final class Pause extends OnSchedule {
        Pause(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            return print(context.client(common.config).pauseSchedule(scheduleId()), "Paused");
        }
    }

    @Command(
            name = "resume",
            mixinStandardHelpOptions = true,
            description = "Resume a schedule at its first tick after now.")
    static final class Resume extends OnSchedule {
        Resume(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            return print(context.client(common.config).resumeSchedule(scheduleId()), "Resumed");
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete a schedule and its runs; the jobs it submitted stay.")
    static final class Delete extends OnSchedule {
        Delete(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            UUID scheduleId = scheduleId();
            context.client(common.config).deleteSchedule(scheduleId);
            if (!common.json) {
                context.out().printf("Deleted %s%n", scheduleId);
                context.out().flush();
            }
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "runs",
            mixinStandardHelpOptions = true,
            description = "List a schedule's runs, newest first, with their tasks and the tasks' status.")
    static final class Runs extends OnSchedule {
        @Option(names = "--limit", description = "Most runs to show (default: ${DEFAULT-VALUE}).", defaultValue = "20")
        int limit = 20;

        Runs(CliContext context) {
            super(context);
        }

        @Override
        public Integer call() {
            if (limit < 1 || limit > 500) {
                throw new UsageException("--limit must be between 1 and 500");
            }
            ScheduleRunPage page = context.client(common.config).scheduleRuns(scheduleId(), null, limit);
            if (common.json) {
                Json.print(context.out(), page.runs());
                return ExitCodes.OK;
            }
            Table table = new Table("SCHEDULED_AT", "OUTCOME", "TASK_ID", "TASK_STATUS", "MISSED", "DETAIL");
            page.runs()
                    .forEach(r -> table.row(
                            r.scheduledAt(),
                            r.outcome(),
                            r.taskId(),
                            r.taskStatus(),
                            r.missedTicks() == 0 ? "" : r.missedTicks(),
                            r.detail()));
            table.print(context.out());
            return ExitCodes.OK;
        }
    }
}
