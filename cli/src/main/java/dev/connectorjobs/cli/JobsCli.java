package dev.connectorjobs.cli;

import dev.connectorjobs.client.AuthenticationException;
import dev.connectorjobs.client.AwaitTimeoutException;
import dev.connectorjobs.client.ConnectorJobsClient;
import dev.connectorjobs.client.ConnectorJobsException;
import dev.connectorjobs.client.ForbiddenException;
import dev.connectorjobs.client.NotFoundException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

/**
 * The {@code jobs} tool's entry point: builds the command tree with an explicit context (no
 * reflection-created commands, which also suits a native image) and turns exceptions into the
 * documented exit codes with a one-line message on stderr.
 */
@Command(
        name = "jobs",
        mixinStandardHelpOptions = true,
        version = "jobs 0.1.0",
        description = "Submit and inspect connector jobs. The API key comes from JOBS_API_KEY or the config file,"
                + " the URL from JOBS_API_URL or the config file (default " + CliSettings.DEFAULT_URL + ").",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a job ended in FAILURE or REVOKED",
            "2:usage or configuration error",
            "3:task (or breaker) not found",
            "4:authentication or authorization failed (missing, unknown or insufficient API key)",
            "5:other API or network error; for batch, some lines were rejected or failed",
            "6:--timeout passed before the job finished (it keeps running)"
        })
public final class JobsCli {

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err, CliContext::defaultClient));
    }

    /**
     * Runs one command line in this JVM and returns its exit code: what {@code main} does, minus the
     * process, with {@code env} as the whole environment (tests and embedding tools use this).
     */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, out, err, CliContext::defaultClient);
    }

    static int run(
            String[] args,
            Map<String, String> env,
            PrintWriter out,
            PrintWriter err,
            Function<CliSettings, ConnectorJobsClient> clients) {
        CliContext context = new CliContext(env, out, err, clients);
        CommandLine cli = new CommandLine(new JobsCli())
                .addSubcommand(new SubmitCommand(context))
                .addSubcommand(new BatchCommand(context))
                .addSubcommand(new StatusCommand(context))
                .addSubcommand(new WaitCommand(context))
                .addSubcommand(new RevokeCommand(context))
                .addSubcommand(new RetryCommand(context))
                .addSubcommand(new ListCommand(context))
                .addSubcommand(new AdminCommands.Active(context))
                .addSubcommand(new AdminCommands.Workers(context))
                .addSubcommand(new AdminCommands.Breakers(context))
                .addSubcommand(new AdminCommands.Breaker(context))
                .addSubcommand(ScheduleCommands.commandLine(context));
        cli.setOut(out).setErr(err).setExecutionExceptionHandler(JobsCli::failed);
        cli.setExitCodeExceptionMapper(JobsCli::exitCode);
        if (args.length == 0) {
            cli.usage(err);
            return ExitCodes.USAGE;
        }
        return cli.execute(args);
    }

    private static int failed(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        err.println("jobs: " + e.getMessage());
        err.flush();
        return exitCode(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageException || e instanceof CommandLine.ParameterException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof NotFoundException) {
            return ExitCodes.NOT_FOUND;
        }
        if (e instanceof AuthenticationException
                || e instanceof ForbiddenException
                || e instanceof MissingKeyException) {
            return ExitCodes.AUTH;
        }
        if (e instanceof AwaitTimeoutException) {
            return ExitCodes.TIMED_OUT;
        }
        if (e instanceof ConnectorJobsException) {
            return ExitCodes.API_ERROR;
        }
        return ExitCodes.API_ERROR;
    }
}
