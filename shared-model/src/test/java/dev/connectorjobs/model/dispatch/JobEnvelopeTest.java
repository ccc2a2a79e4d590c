package dev.connectorjobs.model.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobEnvelopeTest {

    private final JsonMapper json = JsonMapper.builder().build();

    private JobEnvelope envelope() {
        return new JobEnvelope(
                JobEnvelope.CURRENT_VERSION,
                UUID.fromString("01a22485-844c-76ba-93db-6b3c8a29fe87"),
                2,
                "default",
                "diagnostics",
                "echo",
                Map.of("k", "v"),
                120,
                "corr-1",
                Instant.parse("2026-11-28T10:00:00Z"));
    }

    @Test
    void the_envelope_is_written_with_snake_case_names_and_its_version() {
        JsonNode node = json.readTree(json.writeValueAsString(envelope()));

        assertThat(node.propertyNames())
                .containsExactlyInAnyOrder(
                        "v",
                        "job_id",
                        "attempt",
                        "queue",
                        "connector",
                        "operation",
                        "params",
                        "timeout_seconds",
                        "correlation_id",
                        "enqueued_at");
        assertThat(node.get("v").asInt()).isEqualTo(1);
        assertThat(node.get("enqueued_at").asString()).isEqualTo("2026-11-28T10:00:00Z");
    }

    @Test
    void the_envelope_survives_a_round_trip() {
        assertThat(json.readValue(json.writeValueAsString(envelope()), JobEnvelope.class))
                .isEqualTo(envelope());
    }

    @Test
    void fields_a_newer_producer_adds_are_ignored() {
        String withExtra = json.writeValueAsString(envelope()).replaceFirst("\\{", "{\"priority\":5,");

        assertThat(json.readValue(withExtra, JobEnvelope.class)).isEqualTo(envelope());
    }

    @Test
    void an_attempt_below_one_is_rejected() {
        assertThatThrownBy(() ->
                        new JobEnvelope(1, UUID.randomUUID(), 0, "default", "c", "o", Map.of(), 1, "x", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queue_topics_are_prefixed_and_control_is_not_a_queue() {
        assertThat(Topics.queueTopic("inventory")).isEqualTo("jobs.inventory");
        assertThat(Topics.isValidQueue("control")).isFalse();
        assertThat(Topics.isValidQueue("Bad Name")).isFalse();
    }
}
