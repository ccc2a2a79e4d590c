package dev.connectorjobs.worker.consumer;

import dev.connectorjobs.model.dispatch.JobEnvelope;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.config.WorkerProperties;
import dev.connectorjobs.worker.database.DatabaseGuard;
import dev.connectorjobs.worker.execution.ClaimedJob;
import dev.connectorjobs.worker.execution.JobRunner;
import dev.connectorjobs.worker.limits.LimitGate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Claim-then-ack. For each poll: reserve capacity, claim as many records as there is room for in
 * one statement, commit, hand the claimed jobs to the runner, then let the offsets go. Records that
 * did not fit are sought back and redelivered shortly, so the listener never waits for job work and
 * long jobs cause no rebalances. A failure before the claim commits (database down) leaves the
 * offsets where they were, so nothing is lost.
 *
 * <p>Offsets are committed at most once per {@link WorkerProperties#offsetCommitInterval()} on each
 * consumer thread ({@link OffsetCommits}): at moderate rates a poll carries one or two records, and
 * a commit after each poll was a request to the broker's group coordinator for each of them. After
 * a crash only the records since a partition's last commit come again, and they claim nothing.
 */
@Component
class JobRecordListener {

    private static final Logger log = LoggerFactory.getLogger(JobRecordListener.class);
    private static final Duration FULL_BACKOFF = Duration.ofMillis(20);
    private static final Duration CAPACITY_WAIT = Duration.ofMillis(50);
    private static final Duration DATABASE_DOWN_BACKOFF = Duration.ofSeconds(1);

    private final EnvelopeDecoder decoder;
    private final ClaimRepository claims;
    private final JobRunner runner;
    private final WorkerProperties properties;
    private final Clock clock;
    private final DatabaseGuard database;
    private final OffsetCommits offsets;
    private final ExpiredClaims expired;
    private final ClaimSpans spans;
    private final LimitGate limits;

    JobRecordListener(
            EnvelopeDecoder decoder,
            ClaimRepository claims,
            JobRunner runner,
            WorkerProperties properties,
            Clock clock,
            DatabaseGuard database,
            OffsetCommits offsets,
            ExpiredClaims expired,
            ClaimSpans spans,
            LimitGate limits) {
        this.expired = expired;
        this.spans = spans;
        this.limits = limits;
        this.database = database;
        this.offsets = offsets;
        this.decoder = decoder;
        this.claims = claims;
        this.runner = runner;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Ends the expired jobs among records that claimed nothing, after the claimed jobs have started.
     * Best effort: if it fails, the api-gateway's expiry sweep ends them; the claim never starts them.
     */
    private void endExpired(List<JobEnvelope> unclaimed, Instant now) {
        try {
            database.run(() -> expired.end(unclaimed, now));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not end expired jobs among {} unclaimed records; the expiry sweep ends them: {}",
                    unclaimed.size(),
                    e.toString());
        }
    }

    @KafkaListener(
            id = "job-records",
            idIsGroup = false,
            topics = "#{@workerTopics.names()}",
            containerFactory = "jobRecordContainerFactory",
            batch = "true")
    void onRecords(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
        if (!database.isAvailable()) {
            // Claim nothing that could not be recorded: wait for the database breaker to let a trial through.
            offsets.seekBack(ack, 0, DATABASE_DOWN_BACKOFF);
            return;
        }
        int reserved = runner.reserve(records.size(), CAPACITY_WAIT);
        if (reserved == 0) {
            offsets.seekBack(ack, 0, FULL_BACKOFF);
            return;
        }
        List<ClaimedJob> claimed = List.of();
        List<JobEnvelope> envelopes = new ArrayList<>(reserved);
        Instant now = clock.instant();
        long claimSentAt;
        try {
            Map<UUID, String> dispatches = new HashMap<>();
            for (ConsumerRecord<String, byte[]> record : records.subList(0, reserved)) {
                decoder.decode(record).ifPresent(envelope -> {
                    envelopes.add(envelope);
                    ClaimSpans.traceparent(record).ifPresent(tp -> dispatches.put(envelope.jobId(), tp));
                });
            }
            // The cluster-wide limits admit what may start; the rest is deferred without running.
            claimSentAt = System.nanoTime();
            List<ClaimedJob> rows = database.run(() -> limits.admit(
                    claims.claim(envelopes, properties.workerId(), now, properties.lease()),
                    properties.workerId(),
                    properties.lease()));
            claimed = spans.claimed(rows, dispatches, now);
        } catch (RuntimeException e) {
            if (!DatabaseGuard.isOutage(e) && !(e instanceof CircuitOpenException)) {
                throw e;
            }
            // Nothing was claimed: seek back and try the same records again once the database answers.
            log.warn("Database unavailable; {} records wait for it: {}", records.size(), e.toString());
            offsets.seekBack(ack, 0, DATABASE_DOWN_BACKOFF);
            return;
        } finally {
            runner.release(reserved - claimed.size());
        }
        for (ClaimedJob job : claimed) {
            runner.start(job, claimSentAt);
        }
        if (claimed.size() < envelopes.size()) {
            endExpired(ExpiredClaims.unclaimed(envelopes, claimed), now);
        }
        if (claimed.size() < reserved) {
            log.debug(
                    "{} of {} records claimed nothing (revoked, duplicate or stale)",
                    reserved - claimed.size(),
                    reserved);
        }
        if (reserved < records.size()) {
            // Commits the offsets of the records before the first one sought back.
            offsets.seekBack(ack, reserved, FULL_BACKOFF);
        } else {
            offsets.claimed(ack);
        }
    }
}
