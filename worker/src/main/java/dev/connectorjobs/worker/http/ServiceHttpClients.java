package dev.connectorjobs.worker.http;

import dev.connectorjobs.common.tracing.JobTraces;
import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The HTTP clients of all services, one per service, created on first use with the settings from
 * {@code jobs.http} and the service's circuit breaker. Closing it closes their connection pools.
 */
@Component
public final class ServiceHttpClients implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceHttpClients.class);
    private static final String USER_AGENT = "connector-jobs-worker";

    private final HttpProperties properties;
    private final BreakerRegistry breakers;
    private final Clock clock;
    private final JobTraces traces;
    private final RetryRegistry retries = RetryRegistry.ofDefaults();
    private final Map<String, ResilientHttpClient> clients = new ConcurrentHashMap<>();
    // One abort callback per job attempt, however many requests it sends. Weak keys: the entry goes
    // when the attempt's Cancellation does.
    private final Map<Cancellation, InFlight> inFlight = Collections.synchronizedMap(new WeakHashMap<>());

    /** Clients whose requests are not traced. */
    public ServiceHttpClients(HttpProperties properties, BreakerRegistry breakers, Clock clock) {
        this(properties, breakers, clock, JobTraces.NOOP);
    }

    /** Clients that send each attempt as a span of {@code traces}, with its {@code traceparent}. */
    @Autowired
    public ServiceHttpClients(HttpProperties properties, BreakerRegistry breakers, Clock clock, JobTraces traces) {
        this.properties = properties;
        this.breakers = breakers;
        this.clock = clock;
        this.traces = traces;
    }

    /**
     * The client of {@code service} (a breaker name, see {@link BreakerDefaults#names()}).
     *
     * @throws IllegalArgumentException if there is no such service
     */
    public ServiceHttpClient forService(String service) {
        String name = BreakerDefaults.resolve(service)
                .orElseThrow(() -> new IllegalArgumentException("No service is called '" + service
                        + "'; HTTP clients exist for the breakers " + BreakerDefaults.names()));
        return clients.computeIfAbsent(name, n -> create(n, properties.settingsFor(n)));
    }

    /** The resilience4j retries of the services, for metrics. */
    RetryRegistry retryRegistry() {
        return retries;
    }

    private ResilientHttpClient create(String service, HttpClientSettings settings) {
        ServiceBreaker breaker = breakers.get(service);
        Backoff backoff =
                new Backoff(settings, () -> ThreadLocalRandom.current().nextDouble());
        RetryConfig config = RetryConfig.<HttpResult>custom()
                .maxAttempts(settings.maxRetries() + 1)
                .retryOnException(e -> e instanceof AttemptFailure f && f.isRetryable())
                .intervalBiFunction(interval(backoff))
                .failAfterMaxAttempts(false)
                .writableStackTraceEnabled(false)
                .build();
        Retry retry = retries.retry(service, config);
        retry.getEventPublisher()
                .onRetry(event -> log.info(
                        "service={} event=retry attempt={} wait_ms={} cause=\"{}\"",
                        service,
                        event.getNumberOfRetryAttempts(),
                        event.getWaitInterval().toMillis(),
                        event.getLastThrowable() == null
                                ? ""
                                : event.getLastThrowable().getMessage()));
        log.info("HTTP client for {}: {}", service, settings);
        return new ResilientHttpClient(
                service, httpClient(settings), breaker, retry, settings, clock, this::inFlightOf, traces);
    }

    /** The wait before each retry, in milliseconds: the backoff, or longer if the service asked. */
    private static IntervalBiFunction<HttpResult> interval(Backoff backoff) {
        return (retry, outcome) -> {
            Optional<Duration> asked = outcome.isLeft() && outcome.getLeft() instanceof AttemptFailure failure
                    ? failure.retryAfter()
                    : Optional.empty();
            return backoff.delay(retry, asked).toMillis();
        };
    }

    private InFlight inFlightOf(Cancellation cancellation) {
        return inFlight.computeIfAbsent(cancellation, c -> {
            InFlight requests = new InFlight();
            c.onCancel(requests);
            return requests;
        });
    }

    /** A pooled classic client: no automatic retries, redirects or cookies, which the caller decides. */
    static CloseableHttpClient httpClient(HttpClientSettings settings) {
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(settings.maxConnections())
                .setMaxConnPerRoute(settings.maxConnectionsPerRoute())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.responseTimeout()))
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        return HttpClientBuilder.create()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.of(settings.connectionRequestTimeout()))
                        .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictExpiredConnections()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .setUserAgent(USER_AGENT)
                .build();
    }

    @Override
    public void close() {
        clients.values().forEach(ResilientHttpClient::close);
        clients.clear();
    }
}
