package dev.connectorjobs.model.catalog;

import static dev.connectorjobs.model.catalog.ParameterDescriptor.optional;
import static dev.connectorjobs.model.catalog.ParameterDescriptor.required;

import java.util.ArrayList;
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
     *   <li>{@code sleep {"ms": N}}: sleeps N milliseconds, stops at once when cancelled (unless
     *       {@code "ignore_cancel": true}, which simulates a thread stuck in I/O).
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
                                    .between(0, MAX_SLEEP_MS),
                            optional(
                                    "ignore_cancel",
                                    ParameterType.BOOLEAN,
                                    "keep sleeping when cancelled, like a call stuck in I/O (default false)")),
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

    /**
     * {@code external_api}: one HTTP request against the base URL configured in {@code
     * jobs.connectors.external_api.base-url}, for webhooks and internal services. Guarded by the
     * {@code external_api} circuit breaker. Credentials come from configuration, never from params.
     *
     * <ul>
     *   <li>{@code request {"method", "path", "query", "headers", "body"}}: the result is {@code
     *       {"status", "headers", "body"}}; 4xx fail the job at once, 429 and 5xx are retried.
     * </ul>
     */
    public static final ConnectorDescriptor EXTERNAL_API = new ConnectorDescriptor(
            "external_api",
            "Generic HTTP requests against one configured base URL, for webhooks and internal services",
            Optional.of("external_api"),
            List.of(OperationDescriptor.of(
                    "request",
                    "Sends one HTTP request to the configured base URL and returns {status, headers, body}",
                    required("method", ParameterType.STRING, "GET, POST, PUT, PATCH or DELETE"),
                    required(
                            "path",
                            ParameterType.STRING,
                            "path below the configured base URL, starting with '/'; no scheme, host, query or '..'"),
                    optional("query", ParameterType.OBJECT, "query parameters, name to string value"),
                    optional(
                            "headers",
                            ParameterType.OBJECT,
                            "request headers, name to string value; only Accept, Content-Type, Idempotency-Key and"
                                    + " X-Request-ID (and those the deployment allows)"),
                    optional("body", ParameterType.ANY, "request body: sent as JSON unless it is a string"))));

    private BuiltInConnectors() {}

    /** Every connector that ships with the system. */
    public static List<ConnectorDescriptor> all() {
        List<ConnectorDescriptor> all = new ArrayList<>(List.of(
                DIAGNOSTICS,
                EXTERNAL_API,
                ItsmConnectors.SERVICENOW,
                ItsmConnectors.JIRA,
                ItsmConnectors.FRESHSERVICE));
        all.addAll(DeviceConnectors.all());
        all.addAll(ExecutionConnectors.all());
        all.addAll(EndpointManagementConnectors.all());
        all.addAll(DirectoryConnectors.all());
        all.addAll(SiemConnectors.all());
        all.addAll(VulnerabilityConnectors.all());
        return List.copyOf(all);
    }
}
