package dev.connectorjobs.testing;

import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.model.job.JobStatus;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Test-data builder for job rows and their dispatch records: {@code aJob().operation("sleep")
 * .param("ms", 100).insert()}. Rows are written as the api-gateway writes them.
 */
public final class JobFixture {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Instant createdAt = Instant.now();
    private UUID id = JobIds.newId(createdAt);
    private String queue = Topics.DEFAULT_QUEUE;
    private String connector = "diagnostics";
    private String operation = "echo";
    private final Map<String, Object> params = new LinkedHashMap<>();
    private JobStatus status = JobStatus.PENDING;
    private int attempt = 1;
    private int maxRetries = 3;
    private int timeoutSeconds = 120;
    private Instant dispatchAfter = Instant.now().plusSeconds(3600);

    private JobFixture() {}

    /** A pending {@code diagnostics.echo} job on the default queue, not yet due for the sweep. */
    public static JobFixture aJob() {
        return new JobFixture();
    }

    public JobFixture queue(String queue) {
        this.queue = queue;
        return this;
    }

    public JobFixture connector(String connector) {
        this.connector = connector;
        return this;
    }

    public JobFixture operation(String operation) {
        this.operation = operation;
        return this;
    }

    public JobFixture param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    public JobFixture status(JobStatus status) {
        this.status = status;
        return this;
    }

    public JobFixture attempt(int attempt) {
        this.attempt = attempt;
        return this;
    }

    public JobFixture maxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
        return this;
    }

    public JobFixture timeoutSeconds(int timeoutSeconds) {
        this.timeoutSeconds = timeoutSeconds;
        return this;
    }

    /** When the dispatcher's sweep may publish the row; default an hour from now. */
    public JobFixture dispatchAfter(Instant dispatchAfter) {
        this.dispatchAfter = dispatchAfter;
        return this;
    }

    /**
     * When the job was created; default when the builder was made. The id takes that instant's
     * millisecond, as the api-gateway makes it, so ids order jobs by this time.
     */
    public JobFixture createdAt(Instant createdAt) {
        this.createdAt = createdAt;
        this.id = JobIds.newId(createdAt);
        return this;
    }

    public UUID id() {
        return id;
    }

    /** Inserts the row into the shared test database. */
    public JobFixture insert() {
        Instant now = Instant.now();
        new JdbcTemplate(TestDatabase.get().dataSource())
                .update(
                        """
                        INSERT INTO jobs (id, queue, connector, operation, params, status, attempt, max_retries,
                                          timeout_seconds, correlation_id, created_at, updated_at, dispatch_after)
                        VALUES (?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                        id,
                        queue,
                        connector,
                        operation,
                        MAPPER.writeValueAsString(params),
                        status.name(),
                        attempt,
                        maxRetries,
                        timeoutSeconds,
                        "test-" + id,
                        Timestamp.from(createdAt),
                        Timestamp.from(now),
                        Timestamp.from(dispatchAfter));
        return this;
    }

    /** The envelope that dispatches this job's current attempt. */
    public JobEnvelope envelope() {
        return envelope(attempt);
    }

    /** The envelope that dispatches attempt {@code number} of this job. */
    public JobEnvelope envelope(int number) {
        return JobEnvelope.of(id, number);
    }

    /** The Kafka record that dispatches this job's current attempt, as the api-gateway writes it. */
    public ProducerRecord<String, byte[]> record() {
        return record(attempt);
    }

    /** The Kafka record that dispatches attempt {@code number} of this job. */
    public ProducerRecord<String, byte[]> record(int number) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                Topics.queueTopic(queue), id.toString(), MAPPER.writeValueAsBytes(envelope(number)));
        record.headers().add(Headers.CORRELATION_ID, ("test-" + id).getBytes(StandardCharsets.UTF_8));
        record.headers()
                .add(
                        Headers.ENVELOPE_VERSION,
                        Integer.toString(JobEnvelope.CURRENT_VERSION).getBytes(StandardCharsets.UTF_8));
        return record;
    }

    /** Publishes {@link #record()} and waits for the broker's acknowledgement. */
    public JobFixture publish() {
        TestKafka.send(record());
        return this;
    }

    /** Publishes a record for attempt {@code number}, which may differ from the row's attempt. */
    public JobFixture publishAttempt(int number) {
        TestKafka.send(record(number));
        return this;
    }
}
