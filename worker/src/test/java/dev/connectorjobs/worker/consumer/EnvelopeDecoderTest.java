package dev.connectorjobs.worker.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.model.dispatch.JobEnvelope;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EnvelopeDecoderTest {

    private static final UUID JOB = UUID.fromString("01a22485-844c-76ba-93db-6b3c8a29fe87");

    /** A record value exactly as the version 1 api-gateway wrote it: every column the worker ignores. */
    private static final String FULL_V1 = """
            {"v":1,"job_id":"01a22485-844c-76ba-93db-6b3c8a29fe87","attempt":2,"queue":"default",\
            "connector":"diagnostics","operation":"echo","params":{"k":"v","nested":{"list":[1,2,{"x":null}]}},\
            "timeout_seconds":120,"correlation_id":"corr-1","enqueued_at":"2026-11-28T10:00:00Z"}""";

    /** The version 2 value: only what a worker reads. */
    private static final String SLIM_V2 = """
            {"v":2,"job_id":"01a22485-844c-76ba-93db-6b3c8a29fe87","attempt":2}""";

    private final EnvelopeDecoder decoder =
            new EnvelopeDecoder(JsonMapper.builder().build());

    private Optional<JobEnvelope> decode(@Nullable String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(new ConsumerRecord<>("jobs.default", 0, 42L, JOB.toString(), bytes));
    }

    @Test
    void a_full_version_1_record_is_read_for_its_job_and_attempt_only() {
        assertThat(decode(FULL_V1)).hasValue(new JobEnvelope(1, JOB, 2));
    }

    @Test
    void a_slim_version_2_record_is_read() {
        assertThat(decode(SLIM_V2)).hasValue(new JobEnvelope(2, JOB, 2));
    }

    @Test
    void fields_a_newer_producer_adds_are_ignored() {
        String withExtra = SLIM_V2.replaceFirst("\\{", "{\"priority\":5,\"trace\":{\"a\":[1]},");

        assertThat(decode(withExtra)).hasValue(new JobEnvelope(2, JOB, 2));
    }

    @Test
    void a_record_of_a_newer_version_is_skipped() {
        assertThat(decode(SLIM_V2.replace("\"v\":2", "\"v\":3"))).isEmpty();
    }

    @Test
    void a_record_without_job_id_or_attempt_is_skipped() {
        assertThat(decode("{\"v\":2,\"attempt\":2}")).isEmpty();
        assertThat(decode("{\"v\":2,\"job_id\":\"" + JOB + "\"}")).isEmpty();
        assertThat(decode("{\"v\":2,\"job_id\":\"" + JOB + "\",\"attempt\":0}")).isEmpty();
    }

    @Test
    void a_record_that_is_not_an_envelope_is_skipped() {
        assertThat(decode("not json")).isEmpty();
        assertThat(decode("{\"v\":2,\"job_id\":\"not-a-uuid\",\"attempt\":1}")).isEmpty();
        assertThat(decode(null)).isEmpty();
    }
}
