package dev.connectorjobs.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TcpProxy;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An api-gateway whose PostgreSQL stops answering (its connections go through a proxy the test
 * cuts): a submission is answered 503 with {@code Retry-After}, not 500, and the same submission
 * sent again once PostgreSQL is back makes one job.
 */
class StoreOutageTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    static TcpProxy proxy;
    static ConfigurableApplicationContext api;
    static String base;

    @BeforeAll
    static void start() {
        TestDatabase db = TestDatabase.get();
        proxy = new TcpProxy("127.0.0.1", db.port());
        api = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "spring.datasource.url=" + db.urlVia("127.0.0.1", proxy.port()),
                        "spring.datasource.hikari.connection-timeout=1000",
                        "spring.datasource.hikari.validation-timeout=500",
                        // The key is checked once, then taken from the cache while PostgreSQL is away.
                        "jobs.security.key-cache-ttl=10m"));
        base = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void a_submission_while_postgresql_is_unreachable_is_answered_503_and_its_retry_makes_one_job() throws Exception {
        String key = UUID.randomUUID().toString();
        assertThat(submit(UUID.randomUUID().toString()).statusCode()).isEqualTo(202);

        proxy.cut();
        HttpResponse<String> refused;
        try {
            refused = submit(key);
        } finally {
            proxy.restore();
        }

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).contains("5");
        assertThat(refused.body()).contains("Idempotency-Key");
        // As a client would: the same request again until PostgreSQL answers (the pool reconnects).
        HttpResponse<String> first = await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> submit(key), response -> response.statusCode() != 503);
        HttpResponse<String> replay = submit(key);
        assertThat(first.statusCode()).as(first.body()).isIn(200, 202);
        assertThat(replay.statusCode()).as(replay.body()).isIn(200, 202);
        assertThat(taskId(replay)).isEqualTo(taskId(first));
    }

    private static HttpResponse<String> submit(String idempotencyKey) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs"))
                        .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"connector\":\"diagnostics\",\"operation\":\"echo\",\"params\":{}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String taskId(HttpResponse<String> response) {
        return tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree(response.body())
                .get("task_id")
                .asString();
    }
}
