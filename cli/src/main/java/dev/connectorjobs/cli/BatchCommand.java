package dev.connectorjobs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jobs batch FILE.ndjson}: submits every line, safely rerunnable. */
@Command(
        name = "batch",
        mixinStandardHelpOptions = true,
        description = {
            "Submit one job per line of an NDJSON file ({\"connector\":...,\"operation\":...,\"params\":{...}};"
                    + " blank and # lines are skipped), with a progress bar on stderr and a summary on stdout.",
            "Safe to rerun: each line's idempotency key is derived from the file name (or --key-salt), the line"
                    + " number and the line's text, so lines an earlier run submitted are not submitted again."
        },
        footer = "%nExit codes: 0 every line accepted, 2 usage, 4 auth, 5 some lines rejected or failed (rerun to"
                + " resume).")
final class BatchCommand implements Callable<Integer> {

    private final CliContext context;

    @Mixin
    CommonOptions common = new CommonOptions();

    @Parameters(index = "0", paramLabel = "FILE", description = "The NDJSON file.")
    Path file = Path.of("");

    @Option(names = "--chunk", description = "Lines submitted between progress updates (default: ${DEFAULT-VALUE}).")
    int chunk = 500;

    @Option(names = "--concurrency", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency = 8;

    @Option(
            names = "--key-salt",
            description = "Mixed into every line's idempotency key instead of the file name; change it to submit"
                    + " the same file again as new jobs.")
    @Nullable
    String keySalt;

    @Option(names = "--no-progress", description = "No progress bar.")
    boolean noProgress;

    BatchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.isReadable(file)) {
            throw new UsageException("Cannot read " + file + "; give the path of an NDJSON file");
        }
        if (chunk < 1 || concurrency < 1 || concurrency > 64) {
            throw new UsageException("--chunk must be 1 or more and --concurrency 1 to 64");
        }
        long total;
        try (var lines = Files.lines(file)) {
            total = lines.filter(l -> !l.isBlank() && !l.stripLeading().startsWith("#"))
                    .count();
        }
        String salt = keySalt != null ? keySalt : String.valueOf(file.getFileName());
        BatchRun run = new BatchRun(context.client(common.config), salt, chunk, concurrency);
        BatchSummary summary = run.run(file, new ProgressBar(context.err(), total, !noProgress));
        if (common.json) {
            Json.print(context.out(), summary);
        } else {
            print(summary);
        }
        return summary.complete() ? ExitCodes.OK : ExitCodes.API_ERROR;
    }

    private void print(BatchSummary s) {
        var out = context.out();
        out.printf(
                "%d lines: %d created, %d already submitted, %d rejected, %d failed%n",
                s.lines(), s.created(), s.existing(), s.rejected(), s.failed());
        s.problems().forEach(p -> out.printf("  line %d: %s%n", p.line(), p.error()));
        if (!s.stopped().isEmpty()) {
            out.println(s.stopped());
        }
        out.flush();
    }
}
