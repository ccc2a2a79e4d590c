package dev.connectorjobs.cli;

import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.JobRequest;
import dev.connectorjobs.client.Submitted;
import dev.connectorjobs.client.TaskStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code jobs submit CONNECTOR OPERATION --param k=v ... [--wait]}. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "Submit one job; with --wait, wait until it finishes and print its result.",
        footer = "%nExit codes: 0 submitted (with --wait: succeeded), 1 failed or revoked, 2 usage, 4 auth,"
                + " 5 API or network error, 6 --timeout passed.")
final class SubmitCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "CONNECTOR", description = "Connector name, e.g. diagnostics.")
    String connector = "";

    @Parameters(index = "1", paramLabel = "OPERATION", description = "Operation, e.g. echo.")
    String operation = "";

    @Option(
            names = {"-p", "--param"},
            paramLabel = "KEY=VALUE",
            description = "A param; VALUE is read as JSON when it is a JSON number, boolean, null, array or"
                    + " object, else as a string. Repeatable.")
    List<String> params = new ArrayList<>();

    @Option(
            names = "--params-json",
            paramLabel = "JSON",
            description = "All params as a JSON object (--param adds to it).")
    @Nullable
    String paramsJson;

    @Option(names = "--max-retries", description = "Retries after the first attempt (server default if absent).")
    @Nullable
    Integer maxRetries;

    @Option(names = "--job-timeout", paramLabel = "SECONDS", description = "Time limit of one attempt, in seconds.")
    @Nullable
    Integer jobTimeout;

    @Option(
            names = "--priority",
            paramLabel = "1-9",
            description = "Priority, 1 (lowest) to 9 (highest); under a backlog higher priorities start first"
                    + " (server default 5).")
    @Nullable
    Integer priority;

    @Option(names = "--queue", description = "Queue to run on (the connector's route if absent).")
    @Nullable
    String queue;

    @Option(
            names = "--callback-url",
            paramLabel = "URL",
            description = "POST the job's status here, signed, when it ends (the host must be on the allow-list).")
    @Nullable
    String callbackUrl;

    @Option(
            names = "--callback-secret",
            paramLabel = "NAME",
            description = "Name of the server's webhook secret that signs the callback (default: 'default').")
    @Nullable
    String callbackSecret;

    @Option(
            names = "--idempotency-key",
            paramLabel = "KEY",
            description =
                    "Submit under this key: repeating the command then returns the same task (default: a new UUID).")
    @Nullable
    String idempotencyKey;

    @Option(
            names = "--countdown",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Start no sooner than this after submission, e.g. 90s, 10m (the delay waits on the server).")
    @Nullable
    Duration countdown;

    @Option(
            names = "--eta",
            paramLabel = "INSTANT",
            description = "Start no sooner than this instant, e.g. 2026-12-31T22:00:00Z (not with --countdown).")
    @Nullable
    String eta;

    @Option(
            names = "--expires",
            paramLabel = "INSTANT|DURATION",
            description = "If not started by then (an instant, or a duration after submission such as 10m), the job"
                    + " ends REVOKED with reason 'expired' and never runs.")
    @Nullable
    String expires;

    @Option(names = "--wait", description = "Wait until the job finishes; print its status and result.")
    boolean await;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            defaultValue = "10m",
            description = "How long --wait waits, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    Duration timeout = Duration.ofMinutes(10);

    SubmitCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        JobRequest job = timing(new JobRequest(
                connector, operation, params(), maxRetries, jobTimeout, queue, callbackUrl, callbackSecret, priority));
        ConnectorJobsClient client = context.client(common.config);
        Submitted submitted = idempotencyKey == null ? client.submit(job) : client.submit(job, idempotencyKey);
        if (!await) {
            if (common.json) {
                Json.print(context.out(), submitted);
            } else {
                context.out()
                        .printf(
                                "%s %s (%s)%n",
                                submitted.created() ? "Submitted" : "Already submitted:",
                                submitted.taskId(),
                                submitted.status());
                context.out().flush();
            }
            return ExitCodes.OK;
        }
        TaskStatus done = client.await(submitted.taskId(), timeout);
        if (common.json) {
            Json.print(context.out(), done);
        } else {
            StatusView.print(context.out(), done);
        }
        return StatusView.exitCode(done);
    }

    /** The job with its --countdown, --eta and --expires. */
    private JobRequest timing(JobRequest job) {
        if (countdown != null && eta != null) {
            throw new UsageException("give either --countdown or --eta, not both");
        }
        JobRequest timed = job;
        if (countdown != null) {
            timed = timed.withCountdown(countdown);
        }
        if (eta != null) {
            timed = timed.withEta(instant(eta, "--eta"));
        }
        if (expires != null) {
            timed = looksLikeInstant(expires)
                    ? timed.withExpires(instant(expires, "--expires"))
                    : timed.withExpiresIn(new DurationConverter().convert(expires));
        }
        return timed;
    }

    private static boolean looksLikeInstant(String text) {
        return text.length() > 10 && text.charAt(4) == '-';
    }

    private static Instant instant(String text, String option) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new UsageException(
                    option + " '" + text + "' is not an instant with a zone; use e.g. 2026-12-31T22:00:00Z");
        }
    }

    private Map<String, Object> params() {
        Map<String, Object> all = new LinkedHashMap<>();
        if (paramsJson != null) {
            JsonNode node = Json.parse(paramsJson, "--params-json");
            if (!node.isObject()) {
                throw new UsageException("--params-json must be a JSON object, e.g. '{\"times\": 2}'");
            }
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                all.put(e.getKey(), e.getValue());
            }
        }
        for (String param : params) {
            int eq = param.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--param '" + param + "' is not KEY=VALUE");
            }
            all.put(param.substring(0, eq), value(param.substring(eq + 1)));
        }
        return all;
    }

    private static Object value(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            if (node != null && !node.isMissingNode() && !node.isString()) {
                return node;
            }
        } catch (tools.jackson.core.JacksonException notJson) {
            // a plain string
        }
        return text;
    }
}
