package dev.connectorjobs.worker.http;

import dev.connectorjobs.common.tracing.JobTraces;
import dev.connectorjobs.model.dispatch.Headers;
import dev.connectorjobs.worker.attempt.Cancellation;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobCancelledException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ServiceHttpClient} of one service: resilience4j {@link Retry} around the service's
 * {@link ServiceBreaker} around each attempt on a pooled Apache HttpClient. Each attempt is a client
 * span of its own (a retry is a new span), child of the span in scope (the job's run), and its
 * request carries that span as {@code traceparent}.
 */
final class ResilientHttpClient implements ServiceHttpClient, AutoCloseable {

    private static final Set<Integer> RETRY_STATUSES = Set.of(429, 500, 502, 503, 504);

    private final String service;
    private final CloseableHttpClient client;
    private final ServiceBreaker breaker;
    private final Retry retry;
    private final HttpClientSettings settings;
    private final Clock clock;
    private final Function<Cancellation, InFlight> inFlight;
    private final JobTraces traces;

    ResilientHttpClient(
            String service,
            CloseableHttpClient client,
            ServiceBreaker breaker,
            Retry retry,
            HttpClientSettings settings,
            Clock clock,
            Function<Cancellation, InFlight> inFlight,
            JobTraces traces) {
        this.traces = traces;
        this.service = service;
        this.client = client;
        this.breaker = breaker;
        this.retry = retry;
        this.settings = settings;
        this.clock = clock;
        this.inFlight = inFlight;
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public HttpResult exchange(HttpCall call, JobContext job) {
        Cancellation cancellation = job.cancellation();
        cancellation.throwIfCancelled();
        InFlight requests = inFlight.apply(cancellation);
        Retry.Context<HttpResult> retryContext = retry.context();
        int attempts = 0;
        while (true) {
            attempts++;
            try {
                HttpResult result = attempt(call, job.correlationId(), requests, cancellation, attempts);
                retryContext.onComplete();
                return result.afterAttempts(attempts);
            } catch (AttemptFailure failure) {
                try {
                    // waits before the next attempt, or throws the failure when there is none
                    retryContext.onRuntimeError(failure);
                } catch (AttemptFailure last) {
                    if (cancellation.isCancelled()) {
                        throw new JobCancelledException(cancellation.reason());
                    }
                    return giveUp(call, last, attempts);
                }
                cancellation.throwIfCancelled();
            }
        }
    }

    @Override
    public ConnectorException failure(HttpCall call, HttpResult result) {
        return HttpFailures.forStatus(service, call, result, clock.instant());
    }

    private HttpResult giveUp(HttpCall call, AttemptFailure last, int attempts) {
        Optional<HttpResult> answer = last.result();
        if (answer.isPresent()) {
            return answer.get().afterAttempts(attempts);
        }
        IOException error = last.ioError().orElseThrow();
        throw HttpFailures.forIoError(service, call, error, attempts);
    }

    /** One attempt as a span: its status, or the failure that ended it. */
    private HttpResult attempt(
            HttpCall call, String correlationId, InFlight requests, Cancellation cancellation, int number) {
        String unrecorded = traces.unrecordedContext();
        if (unrecorded != null) {
            // The job's trace is not sampled: no span would be recorded, so none is built, and the
            // request carries the job's context as it is.
            return send(call, correlationId, unrecorded, requests, cancellation);
        }
        Span span = traces.start("http " + call.method().toLowerCase(Locale.ROOT), null, Span.Kind.CLIENT)
                .remoteServiceName(service)
                .tag("jobs.http.service", service)
                .tag("http.request.method", call.method())
                .tag("url.path", call.describe().substring(call.method().length() + 1))
                .tag("http.request.resend_count", number - 1);
        try (Tracer.SpanInScope scope = traces.tracer().withSpan(span)) {
            HttpResult result = send(call, correlationId, traces.traceparent(span), requests, cancellation);
            span.tag("http.response.status_code", result.status());
            return result;
        } catch (AttemptFailure failure) {
            failure.result().ifPresent(result -> span.tag("http.response.status_code", result.status()));
            span.error(failure);
            throw failure;
        } catch (RuntimeException | Error e) {
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    private HttpResult send(
            HttpCall call,
            String correlationId,
            @Nullable String traceparent,
            InFlight requests,
            Cancellation cancellation) {
        breaker.acquirePermission();
        HttpUriRequestBase request = call.toRequest(correlationId);
        if (traceparent != null) {
            request.setHeader(Headers.TRACEPARENT, traceparent);
        }
        long start = System.nanoTime();
        HttpResult result;
        requests.add(request);
        try {
            if (cancellation.isCancelled()) {
                request.cancel(); // cancelled before the callback could see this request
            }
            result = client.execute(request, response -> HttpResult.read(response, settings.maxResponseBytes()));
        } catch (HttpResult.ResponseTooLargeException e) {
            breaker.onSuccess(since(start));
            throw ConnectorException.permanent(
                    "ResponseTooLarge",
                    service + ": " + call.describe() + " answered with a " + e.getMessage() + "; raise"
                            + " jobs.http.services." + service + ".max-response-size if that is expected");
        } catch (IOException e) {
            if (cancellation.isCancelled()) {
                breaker.releasePermission();
                throw new JobCancelledException(cancellation.reason());
            }
            AttemptFailure failure = AttemptFailure.io(e, call.isRetryable() || notSent(e));
            breaker.onFailure(since(start), failure);
            throw failure;
        } catch (RuntimeException e) {
            breaker.releasePermission();
            if (cancellation.isCancelled()) {
                // Aborting a request mid-exchange can surface from the client as an IllegalStateException
                // ("Endpoint not acquired / already released") rather than an IOException.
                throw new JobCancelledException(cancellation.reason());
            }
            throw e;
        } catch (Error e) {
            breaker.releasePermission();
            throw e;
        } finally {
            requests.remove(request);
        }
        return judge(call, result, since(start));
    }

    /** Records the answer with the breaker; throws it as a failure when it shows a service in trouble. */
    private HttpResult judge(HttpCall call, HttpResult result, Duration took) {
        int status = result.status();
        if (status < 500 && status != 408 && status != 429) {
            breaker.onSuccess(took);
            return result;
        }
        Optional<Duration> retryAfter = RetryAfter.of(result, clock.instant());
        boolean retryable = call.isRetryable()
                && RETRY_STATUSES.contains(status)
                && retryAfter
                        .map(d -> d.compareTo(settings.maxRetryAfter()) <= 0)
                        .orElse(true);
        AttemptFailure failure = AttemptFailure.status(result, retryable, retryAfter);
        breaker.onFailure(took, failure);
        throw failure;
    }

    /** Whether the request certainly never reached the service, so sending it again is harmless. */
    private static boolean notSent(IOException error) {
        return error instanceof ConnectException || error instanceof ConnectTimeoutException;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    @Override
    public void close() {
        client.close(CloseMode.GRACEFUL);
    }
}
