package dev.connectorjobs.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command takes. */
final class CommonOptions {

    @Option(names = "--json", description = "Print JSON for scripts instead of tables.")
    boolean json;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Config file with url=... and api_key=... lines"
                    + " (default: ~/.config/connector-jobs/config). JOBS_API_URL and JOBS_API_KEY take precedence.")
    @Nullable
    Path config;
}
