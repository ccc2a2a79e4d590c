package dev.connectorjobs.api.webhook;

import dev.connectorjobs.api.job.StatusDocuments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends due webhook deliveries: the job's status document, POSTed as JSON with the Standard Webhooks
 * headers ({@link WebhookSigner}), each on a virtual thread, at most {@code max-in-flight} at once.
 * A 2xx answer delivers it; anything else (another status, a redirect, which is never followed, a
 * timeout, a refused connection) is tried again after a doubling backoff until {@code
 * max-attempts}, then the delivery is FAILED. Every attempt is recorded on the delivery, which the
 * job's status shows.
 */
@Component
final class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    /** {@link WebhookProperties#checkInterval()}, in milliseconds, read from the bound record. */
    private static final String INTERVAL = "#{@'" + WebhookProperties.BEAN + "'.checkInterval().toMillis()}";

    /** Longest receiver error text kept on a delivery. */
    private static final int MAX_ERROR = 300;

    private final WebhookDeliveries deliveries;
    private final StatusDocuments documents;
    private final WebhookProperties properties;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("webhook-", 0).factory());
    private final Semaphore slots;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    WebhookDispatcher(
            WebhookDeliveries deliveries,
            StatusDocuments documents,
            WebhookProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.deliveries = deliveries;
        this.documents = documents;
        this.properties = properties;
        this.clock = clock;
        this.slots = new Semaphore(properties.maxInFlight());
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.delivered = counter(meters, "delivered");
        this.retried = counter(meters, "retry");
        this.failed = counter(meters, "failed");
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("jobs.webhooks.attempts")
                .description("Webhook delivery attempts, by outcome")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Scheduled(fixedDelayString = INTERVAL, initialDelayString = INTERVAL)
    void dispatchScheduled() {
        try {
            dispatch();
        } catch (RuntimeException e) {
            log.warn(
                    "Looking for due webhook deliveries failed; looking again in {}: {}",
                    properties.checkInterval(),
                    e.toString());
        }
    }

    /**
     * Claims as many due deliveries as there are free slots and starts sending them.
     *
     * @return how many were started
     */
    int dispatch() {
        int free = slots.drainPermits();
        List<WebhookDeliveries.Claimed> due = List.of();
        try {
            if (free > 0) {
                due = deliveries.claim(free, clock.instant(), properties.claimLease());
            }
        } finally {
            slots.release(free - due.size());
        }
        for (WebhookDeliveries.Claimed delivery : due) {
            senders.execute(() -> {
                try {
                    deliver(delivery);
                } catch (RuntimeException e) {
                    // Recording failed (database unreachable): the lease passes and another attempt follows.
                    log.warn("Could not record webhook delivery {}: {}", delivery.id(), e.toString());
                } finally {
                    slots.release();
                }
            });
        }
        return due.size();
    }

    private void deliver(WebhookDeliveries.Claimed delivery) {
        Instant started = clock.instant();
        Optional<byte[]> body = documents.of(delivery.jobId());
        if (body.isEmpty()) {
            deliveries.record(delivery, "FAILED", started, null, "the job no longer exists", 0, null);
            return;
        }
        String secret = properties.secrets().get(delivery.secret());
        if (secret == null) {
            finish(
                    delivery,
                    started,
                    null,
                    "no webhook secret named '" + delivery.secret()
                            + "' is configured any more; an operator sets jobs.webhooks.secrets." + delivery.secret());
            return;
        }
        long timestamp = started.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(properties.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "connector-jobs-webhooks")
                .header(WebhookSigner.ID, delivery.id())
                .header(WebhookSigner.TIMESTAMP, Long.toString(timestamp))
                .header(WebhookSigner.SIGNATURE, WebhookSigner.sign(secret, delivery.id(), timestamp, body.get()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.get()))
                .build();
        Integer status = null;
        String error;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            error = status / 100 == 2 ? null : describe(status);
        } catch (HttpTimeoutException e) {
            error = "the receiver did not answer within " + properties.requestTimeout();
        } catch (IOException e) {
            error = "could not reach the receiver: " + truncate(String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return; // shutting down: the lease passes and another api-gateway tries again
        }
        if (error == null) {
            long ms = Duration.between(started, clock.instant()).toMillis();
            deliveries.record(delivery, "DELIVERED", clock.instant(), status, null, ms, null);
            delivered.increment();
            log.debug("Delivered webhook {} to {} (HTTP {})", delivery.id(), delivery.url(), status);
            return;
        }
        finish(delivery, started, status, error);
    }

    /** Records a failed attempt: tried again after the backoff, or FAILED after the last attempt. */
    private void finish(WebhookDeliveries.Claimed delivery, Instant started, @Nullable Integer status, String error) {
        Instant now = clock.instant();
        long ms = Duration.between(started, now).toMillis();
        if (delivery.attempt() >= properties.maxAttempts()) {
            deliveries.record(delivery, "FAILED", now, status, error, ms, null);
            failed.increment();
            log.warn(
                    "Gave up webhook {} to {} after {} attempts: {}",
                    delivery.id(),
                    delivery.url(),
                    delivery.attempt(),
                    error);
            return;
        }
        Duration backoff = backoff(delivery.attempt());
        deliveries.record(delivery, "PENDING", now, status, error, ms, now.plus(backoff));
        retried.increment();
        log.info(
                "Webhook {} to {} failed (attempt {}): {}; trying again in {}",
                delivery.id(),
                delivery.url(),
                delivery.attempt(),
                error,
                backoff);
    }

    /** The wait after failed attempt {@code attempt}: the base, doubled per attempt, up to the maximum. */
    Duration backoff(int attempt) {
        Duration wait = properties.backoffBase();
        for (int i = 1; i < attempt && wait.compareTo(properties.backoffMax()) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(properties.backoffMax()) > 0 ? properties.backoffMax() : wait;
    }

    private static String describe(int status) {
        return status / 100 == 3
                ? "the receiver answered HTTP " + status
                        + " (a redirect, which is not followed; configure the final URL)"
                : "the receiver answered HTTP " + status;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + "...";
    }

    @Override
    public void destroy() {
        senders.shutdownNow();
    }
}
