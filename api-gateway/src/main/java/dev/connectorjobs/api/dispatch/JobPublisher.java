package dev.connectorjobs.api.dispatch;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The fast path: publishes a freshly committed job and queues the confirmation. A failure is only
 * logged, because the row stays due and the sweep publishes it.
 */
@Component
public final class JobPublisher {

    private static final Logger log = LoggerFactory.getLogger(JobPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final EnvelopeCodec codec;
    private final PublicationConfirmer confirmer;

    JobPublisher(KafkaTemplate<String, byte[]> kafka, EnvelopeCodec codec, PublicationConfirmer confirmer) {
        this.kafka = kafka;
        this.codec = codec;
        this.confirmer = confirmer;
    }

    /**
     * Publishes attempt {@code attempt} of a committed job to its queue's topic, with the correlation
     * id as a header; the returned future completes once the broker acknowledged it.
     */
    public CompletableFuture<?> publish(UUID jobId, int attempt, String queue, String correlationId) {
        try {
            return kafka.send(codec.record(jobId, attempt, queue, correlationId))
                    .whenComplete((result, error) -> {
                        if (error == null) {
                            confirmer.confirm(jobId, attempt);
                        } else {
                            log.warn(
                                    "Publication of job_id={} attempt={} failed; the dispatcher will retry it: {}",
                                    jobId,
                                    attempt,
                                    error.toString());
                        }
                    });
        } catch (RuntimeException e) {
            log.warn(
                    "Publication of job_id={} could not be started; the dispatcher will retry it: {}",
                    jobId,
                    e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }
}
