package dev.connectorjobs.worker.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;

import ch.qos.logback.classic.Level;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.worker.breaker.BreakerRegistry;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.breaker.ServiceBreaker;
import dev.connectorjobs.worker.connector.FakeJobContext;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what the resilient wrapper (breaker, retry context, correlation header, cancellation
 * hook, response classification) adds to a plain pooled HttpClient GET. Not a test: run its main.
 *
 * <p>Both sides use the same pool settings and read the body the same way; they alternate in
 * blocks so drift (JIT, GC, the OS) hits both alike. A second measurement takes the network out:
 * the breaker and retry bookkeeping alone, per call.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -pl bench -am \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp bench/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.connectorjobs.worker.http.ClientOverheadBenchmark [requests]
 * </pre>
 */
public final class ClientOverheadBenchmark {

    private static final int BLOCK = 1_000;

    private ClientOverheadBenchmark() {}

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        // Logback's default level is DEBUG, and HttpClient's debug logging would be what we measure.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        WireMockServer service = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .disableRequestJournal()
                .containerThreads(16));
        service.start();
        service.stubFor(get("/ping").willReturn(ok("{\"ok\":true}").withHeader("Content-Type", "application/json")));
        URI uri = URI.create(service.baseUrl() + "/ping");
        HttpClientSettings settings = HttpClientSettings.defaults();
        BreakerRegistry breakers = Breakers.registry(Clock.systemUTC(), Map.of());
        try (CloseableHttpClient plain = ServiceHttpClients.httpClient(settings);
                ServiceHttpClients clients =
                        new ServiceHttpClients(new HttpProperties(null, null), breakers, Clock.systemUTC())) {
            ServiceHttpClient resilient = clients.forService("external_api");
            FakeJobContext job = FakeJobContext.aJob("test", "test");
            HttpCall call = HttpCall.get(uri);

            long[] plainNanos = new long[requests];
            long[] resilientNanos = new long[requests];
            run(requests / 4, plain, resilient, uri, call, job, new long[requests / 4], new long[requests / 4]);
            run(requests, plain, resilient, uri, call, job, plainNanos, resilientNanos);

            System.out.printf(
                    "%d GETs each against a local WireMock, after %d warm-up GETs each%n", requests, requests / 4);
            print("plain HttpClient", plainNanos);
            print("resilient client", resilientNanos);
            System.out.printf(
                    "overhead: mean %+.1f us, p50 %+.1f us, p99 %+.1f us%n",
                    (mean(resilientNanos) - mean(plainNanos)) / 1000.0,
                    (percentile(resilientNanos, 50) - percentile(plainNanos, 50)) / 1000.0,
                    (percentile(resilientNanos, 99) - percentile(plainNanos, 99)) / 1000.0);
            bookkeeping(breakers.get("jira"));
        } finally {
            service.stop();
        }
    }

    private static void run(
            int requests,
            CloseableHttpClient plain,
            ServiceHttpClient resilient,
            URI uri,
            HttpCall call,
            FakeJobContext job,
            long[] plainNanos,
            long[] resilientNanos)
            throws IOException {
        for (int done = 0; done < requests; done += BLOCK) {
            int end = Math.min(requests, done + BLOCK);
            for (int i = done; i < end; i++) {
                long start = System.nanoTime();
                HttpResult result = plain.execute(
                        new HttpGet(uri),
                        response -> HttpResult.read(response, HttpClientSettings.DEFAULT_MAX_RESPONSE_BYTES));
                plainNanos[i] = System.nanoTime() - start;
                check(result);
            }
            for (int i = done; i < end; i++) {
                long start = System.nanoTime();
                HttpResult result = resilient.execute(call, job);
                resilientNanos[i] = System.nanoTime() - start;
                check(result);
            }
        }
    }

    /** The breaker and retry bookkeeping of one call, without any I/O. */
    private static void bookkeeping(ServiceBreaker breaker) {
        Retry retry = Retry.ofDefaults("bookkeeping");
        int calls = 2_000_000;
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                Retry.Context<Object> context = retry.context();
                breaker.acquirePermission();
                breaker.onSuccess(Duration.ofNanos(1_000));
                context.onComplete();
            }
            long perCall = (System.nanoTime() - start) / calls;
            if (round == 1) {
                System.out.printf("breaker + retry bookkeeping alone: %d ns per call (%d calls)%n", perCall, calls);
            }
        }
    }

    private static void check(HttpResult result) {
        if (result.status() != 200) {
            throw new IllegalStateException("unexpected " + result);
        }
    }

    private static void print(String label, long[] nanos) {
        System.out.printf(
                "%-17s mean %7.1f us  p50 %7.1f us  p99 %7.1f us%n",
                label, mean(nanos) / 1000.0, percentile(nanos, 50) / 1000.0, percentile(nanos, 99) / 1000.0);
    }

    private static double mean(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
