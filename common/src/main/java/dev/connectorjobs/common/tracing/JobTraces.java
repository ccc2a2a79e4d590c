package dev.connectorjobs.common.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Spans of a job's life and the W3C {@code traceparent} that links them. A job's work does not run
 * on the thread that submitted it, nor in the same process: the trace context travels as a {@code
 * traceparent} string, in the job row ({@code jobs.traceparent}), in the Kafka record's headers and
 * in every vendor request, and each hop starts its span as a child of the string it was handed.
 *
 * <p>A thin layer over Micrometer Tracing's {@link Tracer} and {@link Propagator}, so that the
 * services need not know which tracer runs; {@link #NOOP} (no tracer, or tracing turned off) starts
 * no-op spans and hands on no {@code traceparent}.
 */
public final class JobTraces {

    /** The W3C header and row column that carry the trace context. */
    public static final String TRACEPARENT = "traceparent";

    /** Starts no-op spans: for tests and for processes without a tracer. */
    public static final JobTraces NOOP = new JobTraces(Tracer.NOOP, Propagator.NOOP);

    private final Tracer tracer;
    private final Propagator propagator;

    public JobTraces(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The tracer, to put a span in scope ({@link Tracer#withSpan}). */
    public Tracer tracer() {
        return tracer;
    }

    /**
     * Starts a span named {@code name}, child of {@code traceparent}; without one (a row written
     * before tracing, a malformed value), child of the span in scope on this thread, if any.
     *
     * @param kind the span's kind; null for an internal span
     */
    public Span start(String name, @Nullable String traceparent, Span.@Nullable Kind kind) {
        return builder(name, traceparent, kind).start();
    }

    /**
     * A span builder like {@link #start}'s, for a span whose start is in the past (a batch
     * statement that served many jobs).
     */
    public Span.Builder builder(String name, @Nullable String traceparent, Span.@Nullable Kind kind) {
        Span.Builder builder = traceparent == null
                ? tracer.spanBuilder()
                : propagator.extract(Map.of(TRACEPARENT, traceparent), Map::get);
        builder.name(name);
        return kind == null ? builder : builder.kind(kind);
    }

    /** The {@code traceparent} that makes the receiver's spans children of {@code span}; null without a tracer. */
    public @Nullable String traceparent(Span span) {
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, (map, key, value) -> carrier.put(key, value));
        return carrier.get(TRACEPARENT);
    }

    /** The trace id in a {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), if well-formed. */
    public static Optional<String> traceId(@Nullable String traceparent) {
        if (traceparent == null
                || traceparent.length() < 55
                || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-') {
            return Optional.empty();
        }
        return Optional.of(traceparent.substring(3, 35));
    }

    /** The trace id of the span in scope on this thread, for log lines and answers. */
    public Optional<String> currentTraceId() {
        Span span = tracer.currentSpan();
        return Optional.ofNullable(span)
                .map(Span::context)
                .map(TraceContext::traceId)
                .filter(id -> !id.isEmpty());
    }
}
