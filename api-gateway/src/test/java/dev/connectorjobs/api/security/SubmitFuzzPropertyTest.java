package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestKafka;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Random and malformed submissions: whatever the body, content type and headers, the answer is a
 * 4xx problem document, nothing is stored and nothing is published.
 */
class SubmitFuzzPropertyTest {

    private static SecuredApi api;
    private static String key;
    private static String keyId;

    @BeforeContainer
    static void start() throws Exception {
        api = SecuredApi.get();
        String name = "fuzz-" + System.nanoTime();
        key = api.newKey(name, "USER");
        keyId = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForObject("SELECT id::text FROM api_keys WHERE name = ?", String.class, name);
        // One valid submission first, so the queue topic exists and its offsets mean something.
        api.json("POST", "/api/v1/jobs", key, "{\"connector\":\"diagnostics\",\"operation\":\"echo\"}");
        org.awaitility.Awaitility.await().until(() -> publishedToDefaultQueue() > 0);
    }

    /** Records on the default queue's topic: a rejected submission must publish nothing. */
    private static long publishedToDefaultQueue() {
        return endOffsets().values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<TopicPartition, Long> endOffsets() {
        String topic = Topics.queueTopic(Topics.DEFAULT_QUEUE);
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(topic)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }

    /**
     * The job ids of the records published on the default queue since {@code from}. Other test
     * classes' api-gateways share the broker and the database, and their sweeps publish their own
     * jobs at any time, so the test looks at which jobs were published, not at how many records.
     */
    private static List<String> publishedSince(Map<TopicPartition, Long> from) {
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(Topics.queueTopic(Topics.DEFAULT_QUEUE))) {
            consumer.unsubscribe();
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            List<String> ids = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> ids.add(r.key()));
            }
            return ids;
        }
    }

    /** The API key that submitted the job, or empty when no such job is stored. */
    private static Optional<String> submitter(String jobId) {
        return new JdbcTemplate(TestDatabase.get().dataSource())
                        .query(
                                "SELECT client_id FROM jobs WHERE id = ?::uuid",
                                (rs, n) -> String.valueOf(rs.getString("client_id")),
                                jobId)
                        .stream()
                        .findFirst();
    }

    private static long storedByFuzzKey() {
        Long n = new JdbcTemplate(TestDatabase.get().dataSource())
                .queryForObject("SELECT count(*) FROM jobs WHERE client_id = ?", Long.class, keyId);
        return n == null ? 0 : n;
    }

    @Property(tries = 100)
    void invalid_submissions_get_a_4xx_problem_and_store_nothing(
            @ForAll("invalidBodies") String body,
            @ForAll("contentTypes") String contentType,
            @ForAll("headerValues") String headerValue)
            throws Exception {
        long before = storedByFuzzKey();
        Map<TopicPartition, Long> offsetsBefore = endOffsets();

        HttpResponse<String> response = api.send(
                "POST",
                "/api/v1/jobs",
                key,
                contentType,
                body,
                "X-Correlation-ID",
                headerValue,
                "Idempotency-Key",
                headerValue);

        assertThat(response.statusCode()).as(body).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(api.body(response).get("status").asInt()).isEqualTo(response.statusCode());
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("dev.connectorjobs");
        assertThat(storedByFuzzKey()).isEqualTo(before);
        assertThat(publishedSince(offsetsBefore))
                .as("records published meanwhile: each names a stored job, none of the fuzzing key's")
                .allSatisfy(id -> assertThat(submitter(id))
                        .hasValueSatisfying(client -> assertThat(client).isNotEqualTo(keyId)));
    }

    @Provide
    Arbitrary<String> invalidBodies() {
        Arbitrary<String> junk = Arbitraries.strings().ofMaxLength(200);
        Arbitrary<String> anyJsonValue = Arbitraries.of(
                "null", "true", "1", "-1.5e300", "\"text\"", "[]", "{}", "[{}]", "{\"a\":{\"b\":[1,{}]}}");
        Arbitrary<String> truncated = validBody().map(b -> b.substring(0, b.length() / 2));
        Arbitrary<String> wrongField = Combinators.combine(
                        Arbitraries.of("connector", "operation", "params", "max_retries", "timeout_seconds", "queue"),
                        anyJsonValue)
                .as((field, value) -> "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":1},"
                                .replace("\"" + field + "\":", "\"_" + field + "\":")
                        + "\"" + field + "\":" + value + ",\"ms\":1}");
        Arbitrary<String> badParams = Arbitraries.of(
                "{\"ms\":-1}",
                "{\"ms\":3600001}",
                "{\"ms\":1.5}",
                "{\"ms\":\"1\"}",
                "{}",
                "{\"ms\":1,\"x\":0}",
                "[1]",
                "\"ms\"");
        Arbitrary<String> withBadParams =
                badParams.map(p -> "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":" + p + "}");
        Arbitrary<String> unknownNames = Arbitraries.strings()
                .alpha()
                .ofMinLength(1)
                .ofMaxLength(20)
                .map(n -> "{\"connector\":\"" + n + "x\",\"operation\":\"" + n + "\"}");
        return Arbitraries.oneOf(junk, anyJsonValue, truncated, wrongField, withBadParams, unknownNames);
    }

    private static Arbitrary<String> validBody() {
        return Arbitraries.integers()
                .between(0, 1000)
                .map(ms -> "{\"connector\":\"diagnostics\",\"operation\":\"sleep\",\"params\":{\"ms\":" + ms + "}}");
    }

    @Provide
    Arbitrary<String> contentTypes() {
        return Arbitraries.of(
                "application/json",
                "application/json; charset=utf-8",
                "text/plain",
                "application/xml",
                "application/x-www-form-urlencoded",
                "application/json;charset=latin1");
    }

    @Provide
    Arbitrary<String> headerValues() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(300);
    }
}
