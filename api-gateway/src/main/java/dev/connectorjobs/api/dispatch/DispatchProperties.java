package dev.connectorjobs.api.dispatch;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Publication of jobs to Kafka ({@code jobs.api.dispatch.*}).
 *
 * @param publishGrace how long after commit the fast path has to confirm a publication before the
 *     sweep publishes the row again; default 5 s
 * @param sweepInterval pause between two sweeps of due rows; default 1 s
 * @param sweepBatchSize rows one sweep publishes at most; default 500
 * @param sendTimeout how long a sweep waits for the broker to acknowledge its batch before taking
 *     the next one; default 10 s
 *     default 5 s
 * @param confirmInterval longest time a confirmation waits to be written with others; default 10 ms
 * @param confirmBatchSize most confirmations written in one statement; default 1000
 */
@ConfigurationProperties("jobs.api.dispatch")
public record DispatchProperties(
        @DefaultValue("5s") Duration publishGrace,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue("500") int sweepBatchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("10ms") Duration confirmInterval,
        @DefaultValue("1000") int confirmBatchSize) {}
