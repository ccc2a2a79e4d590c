package dev.connectorjobs.api.dispatch;

import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.model.dispatch.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Builds the Kafka record of an envelope: key = job id, JSON value, correlation header. */
@Component
final class EnvelopeCodec {

    private final ObjectMapper mapper;

    EnvelopeCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ProducerRecord<String, byte[]> record(JobEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.queueTopic(envelope.queue()), envelope.jobId().toString(), mapper.writeValueAsBytes(envelope));
        record.headers().add(Headers.CORRELATION_ID, envelope.correlationId().getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(
                        Headers.ENVELOPE_VERSION,
                        Integer.toString(envelope.version()).getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
