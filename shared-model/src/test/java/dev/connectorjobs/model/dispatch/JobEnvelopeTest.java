package dev.connectorjobs.model.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class JobEnvelopeTest {

    private static final UUID JOB = UUID.fromString("01a22485-844c-76ba-93db-6b3c8a29fe87");

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void the_envelope_is_written_as_version_job_id_and_attempt_only() {
        JsonNode node = json.readTree(json.writeValueAsString(JobEnvelope.of(JOB, 2)));

        assertThat(node.propertyNames()).containsExactly("v", "job_id", "attempt");
        assertThat(node.get("v").asInt()).isEqualTo(2);
        assertThat(node.get("job_id").asString()).isEqualTo(JOB.toString());
        assertThat(node.get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void the_envelope_survives_a_round_trip() {
        assertThat(json.readValue(json.writeValueAsString(JobEnvelope.of(JOB, 2)), JobEnvelope.class))
                .isEqualTo(JobEnvelope.of(JOB, 2));
    }

    @Test
    void a_version_1_envelope_is_read_for_its_job_and_attempt() {
        String v1 = """
                {"v":1,"job_id":"01a22485-844c-76ba-93db-6b3c8a29fe87","attempt":2,"queue":"default",\
                "connector":"diagnostics","operation":"echo","params":{"k":"v"},"timeout_seconds":120,\
                "correlation_id":"corr-1","enqueued_at":"2026-11-28T10:00:00Z"}""";

        assertThat(json.readValue(v1, JobEnvelope.class)).isEqualTo(new JobEnvelope(1, JOB, 2));
    }

    @Test
    void fields_a_newer_producer_adds_are_ignored() {
        String withExtra = json.writeValueAsString(JobEnvelope.of(JOB, 2)).replaceFirst("\\{", "{\"priority\":5,");

        assertThat(json.readValue(withExtra, JobEnvelope.class)).isEqualTo(JobEnvelope.of(JOB, 2));
    }

    @Test
    void an_attempt_below_one_is_rejected() {
        assertThatThrownBy(() -> JobEnvelope.of(JOB, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queue_topics_are_prefixed_and_control_is_not_a_queue() {
        assertThat(Topics.queueTopic("inventory")).isEqualTo("jobs.inventory");
        assertThat(Topics.isValidQueue("control")).isFalse();
        assertThat(Topics.isValidQueue("Bad Name")).isFalse();
    }
}
