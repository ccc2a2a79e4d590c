package dev.connectorjobs.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobTracesTest {

    private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String NOT_SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";

    /** A real OpenTelemetry tracer that samples one trace in two, unless its parent decided. */
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.5)))
            .build();

    private final JobTraces traces =
            new JobTraces(new OtelTracer(provider.get("test"), new OtelCurrentTraceContext(), event -> {}));

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void a_span_started_from_a_traceparent_is_its_child_and_keeps_its_sampling_decision() {
        Span sampled = traces.start("job run", SAMPLED, null);
        Span notSampled = traces.start("job run", NOT_SAMPLED, Span.Kind.CONSUMER);

        assertThat(sampled.context().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(sampled.context().parentId()).isEqualTo("00f067aa0ba902b7");
        assertThat(sampled.context().sampled()).isTrue();
        assertThat(notSampled.context().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(notSampled.context().sampled()).isFalse();
        assertThat(traces.traceparent(sampled)).endsWith("-01");
        assertThat(traces.traceparent(notSampled)).endsWith("-00");
        assertThat(traces.sampledTraceparent(sampled)).isEqualTo(traces.traceparent(sampled));
        assertThat(traces.sampledTraceparent(notSampled)).isNull();
    }

    @Test
    void only_a_well_formed_traceparent_whose_sampled_flag_is_off_is_not_recorded() {
        assertThat(JobTraces.recorded(NOT_SAMPLED)).isFalse();
        assertThat(JobTraces.recorded("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-02"))
                .isFalse();
        assertThat(JobTraces.recorded(SAMPLED)).isTrue();
        assertThat(JobTraces.recorded("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"))
                .isTrue();
        // No parent, or one that cannot be read: a new root, which the sampler may record.
        assertThat(JobTraces.recorded(null)).isTrue();
        assertThat(JobTraces.recorded("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-00"))
                .isTrue();
    }

    @Test
    void an_unrecorded_jobs_context_is_in_scope_as_its_traceparent_and_a_recorded_ones_as_its_span() {
        try (JobTraces.Scope outer = traces.inScope(Span.NOOP, NOT_SAMPLED)) {
            assertThat(traces.unrecordedContext()).isEqualTo(NOT_SAMPLED);
            assertThat(traces.tracer().currentSpan()).isNull();
        }
        assertThat(traces.unrecordedContext()).isNull();

        Span run = traces.start("job run", SAMPLED, null);
        try (JobTraces.Scope scope = traces.inScope(run, SAMPLED)) {
            assertThat(traces.unrecordedContext()).isNull();
            Span attempt = traces.start("http get", null, Span.Kind.CLIENT);
            assertThat(attempt.context().parentId()).isEqualTo(run.context().spanId());
            assertThat(attempt.context().traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(traces.tracer().currentSpan()).isNull();
    }

    @Test
    void the_traceparent_handed_on_is_the_one_opentelemetrys_own_propagator_reads_as_the_span() {
        for (int i = 0; i < 50; i++) {
            Span root = traces.start("job submit", null, null); // sampled or not: the ratio decides
            String traceparent = traces.traceparent(root);

            var read = io.opentelemetry.api.trace.Span.fromContext(W3CTraceContextPropagator.getInstance()
                            .extract(Context.root(), Map.of("traceparent", traceparent), MAP))
                    .getSpanContext();
            assertThat(read.isValid()).isTrue();
            assertThat(read.getTraceId()).isEqualTo(root.context().traceId());
            assertThat(read.getSpanId()).isEqualTo(root.context().spanId());
            assertThat(read.isSampled()).isEqualTo(root.context().sampled());
            root.end();
        }
    }

    @Test
    void a_malformed_traceparent_is_not_a_parent_and_is_never_handed_on() {
        for (String malformed : new String[] {
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // uppercase
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has four fields
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        }) {
            assertThat(JobTraces.wellFormed(malformed)).as(malformed).isFalse();
            Span span = traces.start("job run", malformed, null);
            assertThat(span.context().traceId()).as(malformed).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(JobTraces.wellFormed(SAMPLED)).isTrue();
        assertThat(JobTraces.wellFormed("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later"))
                .as("a later version may add fields")
                .isTrue();
    }

    private static final TextMapGetter<Map<String, String>> MAP = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    @Test
    void the_trace_id_is_the_second_field_of_a_traceparent() {
        assertThat(JobTraces.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void a_missing_or_malformed_traceparent_has_no_trace_id() {
        assertThat(JobTraces.traceId(null)).isEmpty();
        assertThat(JobTraces.traceId("")).isEmpty();
        assertThat(JobTraces.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736")).isEmpty();
        assertThat(JobTraces.traceId("004bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-xx"))
                .isEmpty();
    }

    @Test
    void without_a_tracer_spans_are_no_ops_and_no_traceparent_is_handed_on() {
        var span = JobTraces.NOOP.start("job submit", null, null);

        assertThat(span.isNoop()).isTrue();
        assertThat(JobTraces.NOOP.traceparent(span)).isNull();
        assertThat(JobTraces.NOOP.currentTraceId()).isEmpty();
    }
}
