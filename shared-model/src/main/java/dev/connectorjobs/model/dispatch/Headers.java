package dev.connectorjobs.model.dispatch;

/** Names of the Kafka record headers and HTTP headers that travel with a job. */
public final class Headers {

    /** Correlation id, on Kafka records and on every outbound HTTP request. */
    public static final String CORRELATION_ID = "X-Correlation-ID";

    /** W3C trace context, carried when present. */
    public static final String TRACEPARENT = "traceparent";

    /** The envelope schema version of the record value. */
    public static final String ENVELOPE_VERSION = "envelope-version";

    /** Client-chosen key that makes a submission idempotent. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private Headers() {}
}
