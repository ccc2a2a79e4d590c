package dev.connectorjobs.worker.connector.diagnostics;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The built-in {@code diagnostics} connector, for smoke tests, demos and load tests: {@code echo}
 * returns its params, {@code sleep} waits (cancellable), {@code fail} fails its first attempts.
 * Disable it with {@code jobs.connectors.diagnostics.enabled=false}.
 */
@Component
final class DiagnosticsConnector implements Connector {

    @Override
    public ConnectorDescriptor descriptor() {
        return BuiltInConnectors.DIAGNOSTICS;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "echo" -> context.params();
            case "sleep" -> sleep(context);
            case "fail" -> fail(context);
            default ->
                throw ConnectorException.permanent(
                        "UnknownOperation", "diagnostics has no operation '" + context.operation() + "'");
        };
    }

    private static Map<String, Object> sleep(JobContext context) {
        long ms = required(context.params(), "ms").longValue();
        if (Boolean.TRUE.equals(context.params().get("ignore_cancel"))) {
            sleepThroughCancellation(ms);
        } else {
            context.cancellation().sleep(Duration.ofMillis(ms));
        }
        return Map.of("slept_ms", ms);
    }

    /** A parameter the catalogue declares required, so the API has checked it is there and a number. */
    private static Number required(Map<String, Object> params, String name) {
        return (Number) Objects.requireNonNull(params.get(name), () -> name + " is required by the catalogue");
    }

    /** Deliberately ignores interrupts: the stand-in for a call that cannot be aborted. */
    private static void sleepThroughCancellation(long ms) {
        long end = System.nanoTime() + ms * 1_000_000;
        boolean interrupted = false;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, Object> fail(JobContext context) {
        Map<String, Object> params = context.params();
        long times = required(params, "times").longValue();
        boolean retryable = !Boolean.FALSE.equals(params.get("retryable"));
        String message = params.get("message") instanceof String s ? s : "diagnostics failure as requested";
        if (times < 0 || context.attempt() <= times) {
            throw retryable
                    ? ConnectorException.retryable("DiagnosticFailure", message)
                    : ConnectorException.permanent("DiagnosticFailure", message);
        }
        return Map.of("attempt", context.attempt());
    }
}
