package dev.connectorjobs.api.dispatch;

import dev.connectorjobs.common.tracing.JobTraces;
import dev.connectorjobs.model.dispatch.Topics;
import io.micrometer.tracing.Span;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
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
    private final JobTraces traces;

    JobPublisher(
            KafkaTemplate<String, byte[]> kafka,
            EnvelopeCodec codec,
            PublicationConfirmer confirmer,
            JobTraces traces) {
        this.kafka = kafka;
        this.codec = codec;
        this.confirmer = confirmer;
        this.traces = traces;
    }

    /**
     * Publishes attempt {@code attempt} of a committed job to its queue's topic, with the correlation
     * id as a header; the returned future completes once the broker acknowledged it. The send is a
     * {@code job dispatch} span, child of the job's {@code traceparent} (the one stored with the
     * row), and the record's {@code traceparent} header names that span when its trace is sampled
     * (the worker takes the job's trace from the row; the header only links its claim to the dispatch).
     */
    public CompletableFuture<?> publish(
            UUID jobId, int attempt, String queue, String correlationId, @Nullable String traceparent) {
        String topic = Topics.queueTopic(queue);
        // A job whose trace is not sampled gets no dispatch span: no one would record it, and its
        // record carries no traceparent header.
        Span span = JobTraces.recorded(traceparent)
                ? traces.start("job dispatch", traceparent, Span.Kind.PRODUCER)
                        .remoteServiceName("kafka")
                        .tag("messaging.system", "kafka")
                        .tag("messaging.destination.name", topic)
                        .tag("job.id", jobId.toString())
                        .tag("job.attempt", attempt)
                : Span.NOOP;
        try {
            return kafka.send(codec.record(jobId, attempt, queue, correlationId, traces.sampledTraceparent(span)))
                    .whenComplete((result, error) -> {
                        if (error != null) {
                            span.error(error);
                        }
                        span.end();
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
            span.error(e);
            span.end();
            log.warn(
                    "Publication of job_id={} could not be started; the dispatcher will retry it: {}",
                    jobId,
                    e.toString());
            return CompletableFuture.failedFuture(e);
        }
    }
}
