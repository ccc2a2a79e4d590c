package dev.connectorjobs.cli;

import dev.connectorjobs.client.ConnectorJobsClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the commands get from outside: the environment, the two output streams, and how to build a
 * client from the resolved settings.
 */
final class CliContext {

    private final Map<String, String> env;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Function<CliSettings, ConnectorJobsClient> clients;

    CliContext(
            Map<String, String> env,
            PrintWriter out,
            PrintWriter err,
            Function<CliSettings, ConnectorJobsClient> clients) {
        this.env = Map.copyOf(env);
        this.out = out;
        this.err = err;
        this.clients = clients;
    }

    static ConnectorJobsClient defaultClient(CliSettings settings) {
        return ConnectorJobsClient.create(settings.url(), settings.apiKey());
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    ConnectorJobsClient client(@Nullable Path config) {
        CliSettings settings = CliSettings.resolve(env, config);
        if (!settings.warning().isEmpty()) {
            err.println(settings.warning());
            err.flush();
        }
        return clients.apply(settings);
    }
}
