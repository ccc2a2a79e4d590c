package dev.connectorjobs.api.dispatch;

import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.model.dispatch.Topics;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Builds the Kafka record that dispatches an attempt, the one place that does: topic {@code
 * jobs.<queue>}, key = job id, value = the {@link JobEnvelope} {@code {v, job_id, attempt}},
 * headers {@link Headers#CORRELATION_ID}, {@link Headers#ENVELOPE_VERSION} and, when the dispatch is
 * traced, {@link Headers#TRACEPARENT}.
 */
@Component
final class EnvelopeCodec {

    private final ObjectMapper mapper;

    EnvelopeCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ProducerRecord<String, byte[]> record(
            UUID jobId, int attempt, String queue, String correlationId, @Nullable String traceparent) {
        JobEnvelope envelope = JobEnvelope.of(jobId, attempt);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.queueTopic(queue), jobId.toString(), mapper.writeValueAsBytes(envelope));
        record.headers().add(Headers.CORRELATION_ID, correlationId.getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(
                        Headers.ENVELOPE_VERSION,
                        Integer.toString(envelope.version()).getBytes(StandardCharsets.UTF_8));
        if (traceparent != null) {
            record.headers().add(Headers.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }
}
