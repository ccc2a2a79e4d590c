package dev.connectorjobs.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobTracesTest {

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
