package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.List;
import java.util.Optional;

/** Declarations of the connectors that ship with the system. */
public final class BuiltInConnectors {

    /** The longest {@code diagnostics.sleep} a job may ask for: one hour, in milliseconds. */
    public static final long MAX_SLEEP_MS = 3_600_000L;

    /**
     * {@code diagnostics}: needs no external system. Serves smoke tests, demos and load tests.
     *
     * <ul>
     *   <li>{@code echo}: the result is the params.
     *   <li>{@code sleep {"ms": N}}: sleeps N milliseconds, stops at once when cancelled.
     *   <li>{@code fail {"times": N, "retryable": bool, "message": "..."}}: fails the first N attempts
     *       ({@code -1}: every attempt), then succeeds.
     * </ul>
     */
    public static final ConnectorDescriptor DIAGNOSTICS = new ConnectorDescriptor(
            "diagnostics",
            "Built-in connector without an external system, for smoke tests, demos and load tests",
            Optional.empty(),
            List.of(
                    new OperationDescriptor("echo", "Returns its params as the result", List.of(), true),
                    OperationDescriptor.of(
                            "sleep",
                            "Sleeps for ms milliseconds; cancellable",
                            required("ms", ParameterType.INTEGER, "how long to sleep, in milliseconds")
                                    .between(0, MAX_SLEEP_MS)),
                    OperationDescriptor.of(
                            "fail",
                            "Fails the first `times` attempts (-1: always), then returns {\"attempt\": n}",
                            required("times", ParameterType.INTEGER, "how many attempts fail; -1 for all")
                                    .between(-1, 1000),
                            optional(
                                    "retryable",
                                    ParameterType.BOOLEAN,
                                    "whether the failure is retryable (default true)"),
                            optional("message", ParameterType.STRING, "the error message to report"))));

    private BuiltInConnectors() {}

    /** Every connector that ships with the system. */
    public static List<ConnectorDescriptor> all() {
        return List.of(DIAGNOSTICS);
    }
}
