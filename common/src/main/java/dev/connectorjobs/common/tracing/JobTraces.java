package dev.connectorjobs.common.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Spans of a job's life and the W3C {@code traceparent} that links them. A job's work does not run
 * on the thread that submitted it, nor in the same process: the trace context travels as a {@code
 * traceparent} string, in the job row ({@code jobs.traceparent}), in the Kafka record's headers
 * (sampled traces only) and in every vendor request, and each hop starts its span as a child of the
 * string it was handed.
 *
 * <p>A thin layer over Micrometer Tracing's {@link Tracer}, so that the services need not know
 * which tracer runs; {@link #NOOP} (no tracer, or tracing turned off) starts no-op spans and hands
 * on no {@code traceparent}. It reads and writes the {@code traceparent} itself (W3C Trace Context,
 * version {@code 00}) instead of going through a propagator: see {@link #builder}.
 */
public final class JobTraces {

    /** The W3C header and row column that carry the trace context. */
    public static final String TRACEPARENT = "traceparent";

    /** Starts no-op spans: for tests and for processes without a tracer. */
    public static final JobTraces NOOP = new JobTraces(Tracer.NOOP);

    /** The context of an unrecorded job's work on this thread: see {@link #inScope}. */
    private static final ThreadLocal<@Nullable String> UNRECORDED = new ThreadLocal<>();

    private final Tracer tracer;

    public JobTraces(Tracer tracer) {
        this.tracer = tracer;
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
        Span.Builder builder = tracer.spanBuilder();
        TraceContext parent = parent(traceparent);
        if (parent != null) {
            builder.setParent(parent);
        }
        builder.name(name);
        return kind == null ? builder : builder.kind(kind);
    }

    /**
     * The context a well-formed {@code traceparent} names, read here rather than through the
     * propagator: every job's dispatch, claim and run starts a span from one, and the propagator's
     * extraction (a carrier map, the composite of trace-context and baggage propagators, a context
     * for each) was most of what tracing cost per job.
     */
    private @Nullable TraceContext parent(@Nullable String traceparent) {
        if (traceparent == null || !wellFormed(traceparent)) {
            return null;
        }
        return tracer.traceContextBuilder()
                .traceId(traceparent.substring(3, 35))
                .spanId(traceparent.substring(36, 52))
                .sampled((Character.digit(traceparent.charAt(54), 16) & 1) == 1)
                .build();
    }

    /**
     * The {@code traceparent} that makes the receiver's spans children of {@code span}; null without a
     * tracer. Written here rather than through the propagator, for the reason {@link #builder} gives.
     */
    public @Nullable String traceparent(Span span) {
        TraceContext context = span.context();
        String traceparent = "00-" + context.traceId() + "-" + context.spanId() + "-"
                + (Boolean.TRUE.equals(context.sampled()) ? "01" : "00");
        return wellFormed(traceparent) ? traceparent : null;
    }

    /**
     * The {@code traceparent} of {@code span} for a message that only tracing reads (a Kafka record's
     * header), or null when its trace is not sampled: no span of such a trace is recorded, so the
     * bytes would be carried for nothing (nine jobs in ten at the default sampling).
     */
    public @Nullable String sampledTraceparent(Span span) {
        return Boolean.TRUE.equals(span.context().sampled()) ? traceparent(span) : null;
    }

    /**
     * Whether a child of {@code traceparent} can be recorded: false only for a well-formed {@code
     * traceparent} whose sampled flag is off, as the sampler follows its parent's decision (nine jobs
     * in ten at the default sampling). A hop of such a job starts no span at all: it would be recorded
     * by no one, yet building it (a builder, ids, tags, a wrapper for each tracer) was a good part of
     * what tracing cost per job.
     */
    public static boolean recorded(@Nullable String traceparent) {
        return traceparent == null
                || !wellFormed(traceparent)
                || (Character.digit(traceparent.charAt(54), 16) & 1) == 1;
    }

    /**
     * Puts a job's work in scope on this thread until the scope closes: {@code span} when the job's
     * {@code traceparent} is {@link #recorded}, so that the spans of its HTTP attempts are the span's
     * children; otherwise the {@code traceparent} itself, which the job's vendor requests then carry
     * unchanged ({@link #unrecordedContext}) with no span of their own.
     */
    public Scope inScope(Span span, @Nullable String traceparent) {
        if (traceparent != null && !recorded(traceparent)) {
            String previous = UNRECORDED.get();
            UNRECORDED.set(traceparent);
            return () -> UNRECORDED.set(previous);
        }
        Tracer.SpanInScope scope = tracer.withSpan(span);
        return scope::close;
    }

    /**
     * The {@code traceparent} of an unrecorded job whose work is in scope on this thread ({@link
     * #inScope}), or null: an HTTP attempt made for it starts no span and sends this.
     */
    public @Nullable String unrecordedContext() {
        return UNRECORDED.get();
    }

    /** A scope that closes without a checked exception. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {

        @Override
        void close();
    }

    /**
     * Whether {@code traceparent} is a W3C trace context this code reads: {@code
     * <version>-<trace id>-<parent id>-<flags>} in lowercase hex, 2, 32, 16 and 2 digits, the ids not
     * all zeros, the version not {@code ff}; a later version may add fields after the flags.
     */
    static boolean wellFormed(@Nullable String traceparent) {
        if (traceparent == null
                || traceparent.length() < 55
                || (traceparent.length() > 55 && traceparent.charAt(55) != '-')
                || traceparent.charAt(2) != '-'
                || traceparent.charAt(35) != '-'
                || traceparent.charAt(52) != '-'
                || traceparent.startsWith("ff")
                || (traceparent.startsWith("00") && traceparent.length() != 55)) {
            return false;
        }
        boolean traceIdZero = true;
        boolean spanIdZero = true;
        for (int i = 0; i < 55; i++) {
            if (i == 2 || i == 35 || i == 52) {
                continue;
            }
            char c = traceparent.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
            if (c != '0' && i > 2 && i < 35) {
                traceIdZero = false;
            } else if (c != '0' && i > 35 && i < 52) {
                spanIdZero = false;
            }
        }
        return !traceIdZero && !spanIdZero;
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
