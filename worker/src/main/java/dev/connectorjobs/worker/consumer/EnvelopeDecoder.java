package dev.connectorjobs.worker.consumer;

import dev.connectorjobs.model.dispatch.JobEnvelope;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads dispatch records as {@link JobEnvelope}s: {@code v}, {@code job_id} and {@code
 * attempt}, of the full version 1 envelope as well as the slim version 2 one; other fields are
 * ignored. A record that cannot be read, or has a newer version, is logged and skipped, never
 * retried.
 */
@Component
final class EnvelopeDecoder {

    private static final Logger log = LoggerFactory.getLogger(EnvelopeDecoder.class);

    private final ObjectMapper mapper;

    EnvelopeDecoder(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    Optional<JobEnvelope> decode(ConsumerRecord<String, byte[]> record) {
        byte @Nullable [] value = record.value(); // a tombstone has no value, whatever the type says
        if (value == null) {
            return Optional.empty();
        }
        try {
            JobEnvelope envelope = mapper.readValue(value, JobEnvelope.class);
            if (envelope.version() > JobEnvelope.CURRENT_VERSION) {
                log.warn(
                        "Skipping record {}-{}@{}: envelope version {} is newer than this worker understands ({});"
                                + " upgrade the worker",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        envelope.version(),
                        JobEnvelope.CURRENT_VERSION);
                return Optional.empty();
            }
            return Optional.of(envelope);
        } catch (RuntimeException e) {
            log.warn(
                    "Skipping unreadable record {}-{}@{}: {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    e.toString());
            return Optional.empty();
        }
    }
}
