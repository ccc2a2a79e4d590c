package dev.connectorjobs.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.bench.Bench;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench's stub vendor, started as the devstack starts it: a JVM of its own. */
class LatencyStubTest {

    @Test
    void answers_every_request_after_its_latency_and_holds_many_at_once(@TempDir Path dir) throws Exception {
        int port = Bench.freePort();
        try (LatencyStub stub = LatencyStub.launch(port, Duration.ofMillis(1_000), dir.resolve("stub.log"));
                HttpClient client = HttpClient.newHttpClient()) {
            HttpRequest request = HttpRequest.newBuilder(stub.baseUrl().resolve("/bench/1"))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            client.send(request, HttpResponse.BodyHandlers.ofString()); // the JVM's first request warms it up

            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, 50)
                    .mapToObj(i -> client.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                    .toList();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.join().statusCode()).isEqualTo(200);
                assertThat(answer.join().body()).isEqualTo("{\"ok\":true}");
                assertThat(answer.join().headers().firstValue("Content-Type")).contains("application/json");
            });
            // The lower bound is the behaviour (each answer waits its latency); the upper bound is
            // generous for a loaded machine and only says the 50 waited together, not in turn (50 s).
            assertThat(took).isBetween(Duration.ofMillis(1_000), Duration.ofSeconds(25));
        }
    }
}
