package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code bulk_index}: writes a job's documents with {@code POST /_bulk}, in chunks of at most {@code
 * bulk-max-documents} documents and {@code bulk-max-bytes} of NDJSON (an action line and a source
 * line per document, each ending with a newline, the last one too).
 *
 * <p>{@code _bulk} answers 200 even when documents failed: {@code "errors": true} and a status per
 * item, in the order sent. Each document is judged alone: 2xx is indexed; 429 (the write queue was
 * full) is sent again, only those documents, after {@code bulk-retry-backoff} doubling each time, up
 * to {@code bulk-item-retries} times; any other status is a failure reported in the result with the
 * document's position, {@code _id}, status and Elasticsearch's error. The job never fails for
 * documents that failed. A whole request answered 429 or 5xx is retried by the HTTP client and then
 * fails the attempt as retryable; 400, 401, 403 and 413 fail it permanently ({@link ElasticFailures}).
 *
 * <p>Safe to retry: every document is written with an id, its own {@code _id} or {@code <job
 * id>-<position>} for one without, so a request sent again (by the HTTP client, or by a later attempt,
 * which sends every document again) replaces what an earlier one wrote instead of adding a copy. With
 * {@code op_type} {@code create}, a document with a generated id that Elasticsearch reports as existing
 * ({@code 409 version_conflict_engine_exception}) was written by this job before: it counts as {@code
 * already_indexed}, not as a failure.
 */
final class BulkIndex {

    static final String BULK = "/_bulk";
    static final String NDJSON = "application/x-ndjson";

    /** Elasticsearch's limit on the length of an {@code _id}. */
    static final int MAX_ID_BYTES = 512;

    private static final Logger log = LoggerFactory.getLogger(BulkIndex.class);

    private final VendorApi api;
    private final ObjectMapper mapper;
    private final ElasticProperties properties;
    private final Clock clock;

    BulkIndex(VendorApi api, ObjectMapper mapper, ElasticProperties properties, Clock clock) {
        this.api = api;
        this.mapper = mapper;
        this.properties = properties;
        this.clock = clock;
    }

    /** A document that Elasticsearch rejected with 429, and its item. */
    private record Rejected(BulkLine line, JsonNode item) {}

    Map<String, Object> run(JobContext job) {
        String index = IndexNames.writeTarget(job);
        String opType =
                Params.of(job).oneOf("op_type", List.of("index", "create")).orElse("index");
        List<Map<?, ?>> documents = documents(job);
        BulkOutcome outcome = new BulkOutcome(documents.size(), api::mask);
        List<BulkLine> chunk = new ArrayList<>();
        long bytes = 0;
        for (int position = 0; position < documents.size(); position++) {
            BulkLine line = line(index, opType, documents.get(position), position, job);
            if (!chunk.isEmpty()
                    && (chunk.size() >= properties.bulkMaxDocuments()
                            || bytes + line.ndjson().length > properties.bulkMaxBytes())) {
                send(chunk, outcome, documents.size(), job);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(line);
            bytes += line.ndjson().length;
        }
        send(chunk, outcome, documents.size(), job);
        Map<String, Object> result = outcome.result(Params.of(job).string("index"), opType);
        log.info(
                "connector=elastic operation=bulk_index documents={} indexed={} already_indexed={} failed={}"
                        + " chunks={} resent={}",
                documents.size(),
                result.get("indexed"),
                result.get("already_indexed"),
                result.get("failed"),
                result.get("chunks"),
                result.get("resent"));
        return result;
    }

    /** Sends one chunk, and its documents rejected with 429 again until none are or the retries are spent. */
    private void send(List<BulkLine> chunk, BulkOutcome outcome, int total, JobContext job) {
        List<BulkLine> pending = chunk;
        for (int round = 0; ; round++) {
            List<Rejected> rejected = judge(pending, post(pending, round, job), outcome);
            if (rejected.isEmpty()) {
                break;
            }
            if (round >= properties.bulkItemRetries() || !waitBeforeResend(round, job)) {
                rejected.forEach(r -> outcome.failed(r.line(), 429, r.item().path("error")));
                break;
            }
            pending = rejected.stream().map(Rejected::line).toList();
            outcome.resent(pending.size());
        }
        outcome.chunkDone();
        job.progress(outcome.done(), total, "wrote " + outcome.done() + " of " + total + " documents to elastic");
        job.cancellation().throwIfCancelled();
    }

    /** The items of {@code _bulk}'s answer to {@code lines}, one per document, in the order sent. */
    private JsonNode post(List<BulkLine> lines, int round, JobContext job) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        lines.forEach(line -> body.writeBytes(line.ndjson()));
        VendorResponse answer = api.send(
                VendorRequest.post(BULK, null)
                        .withContent(body.toByteArray(), NDJSON)
                        .withIdempotencyKey("bulk-" + job.jobId() + "-" + job.attempt() + "-"
                                + lines.getFirst().position() + "-" + round),
                job);
        JsonNode items = answer.array("items");
        if (items.size() != lines.size()) {
            throw answer.malformed(
                    "'items' has " + items.size() + " entries for the " + lines.size() + " documents sent");
        }
        return items;
    }

    /** Counts each item's outcome; returns the documents rejected with 429, to send again. */
    private List<Rejected> judge(List<BulkLine> lines, JsonNode items, BulkOutcome outcome) {
        List<Rejected> rejected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            BulkLine line = lines.get(i);
            JsonNode item = items.get(i).values().stream().findFirst().orElse(items.get(i));
            int status = item.path("status").asInt(0);
            JsonNode error = item.path("error");
            if (status >= 200 && status < 300) {
                outcome.indexed();
            } else if (status == 429) {
                rejected.add(new Rejected(line, item));
            } else if (status == 409
                    && line.generatedId()
                    && "version_conflict_engine_exception"
                            .equals(error.path("type").asString(""))) {
                outcome.alreadyIndexed();
            } else {
                outcome.failed(line, status, error);
            }
        }
        return rejected;
    }

    /** Waits before resend {@code round + 1}; false when the wait would pass the job's time limit. */
    private boolean waitBeforeResend(int round, JobContext job) {
        Duration wait = properties.bulkRetryBackoff().multipliedBy(1L << Math.min(round, 20));
        if (clock.instant().plus(wait).isAfter(job.deadline())) {
            return false;
        }
        job.cancellation().sleep(wait);
        return true;
    }

    /** The action line and the source line of one document. */
    private BulkLine line(String index, String opType, Map<?, ?> document, int position, JobContext job) {
        Optional<String> own = id(document, position, job);
        String id = own.orElseGet(() -> job.jobId() + "-" + position);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("_index", index);
        target.put("_id", id);
        Map<String, Object> source = new LinkedHashMap<>();
        document.forEach((name, value) -> {
            if (!"_id".equals(name)) {
                source.put(String.valueOf(name), value);
            }
        });
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        ndjson.writeBytes(mapper.writeValueAsBytes(Map.of(opType, target)));
        ndjson.write('\n');
        ndjson.writeBytes(mapper.writeValueAsBytes(source));
        ndjson.write('\n');
        return new BulkLine(position, id, own.isEmpty(), ndjson.toByteArray());
    }

    /** The documents, each checked to be an object with a usable {@code _id} if it has one. */
    private static List<Map<?, ?>> documents(JobContext job) {
        if (!(job.params().get("documents") instanceof List<?> list) || list.isEmpty()) {
            throw invalid(job, "documents is required and must be a non-empty list of JSON objects");
        }
        if (list.size() > SiemConnectors.MAX_BULK_DOCUMENTS) {
            throw invalid(
                    job,
                    "documents holds " + list.size() + " documents; one job writes at most "
                            + SiemConnectors.MAX_BULK_DOCUMENTS);
        }
        List<Map<?, ?>> documents = new ArrayList<>(list.size());
        for (int position = 0; position < list.size(); position++) {
            if (!(list.get(position) instanceof Map<?, ?> document)) {
                throw invalid(job, "documents[" + position + "] must be a JSON object");
            }
            id(document, position, job);
            documents.add(document);
        }
        return documents;
    }

    /** The document's own {@code _id}: a non-blank string or an integer, at most 512 bytes. */
    private static Optional<String> id(Map<?, ?> document, int position, JobContext job) {
        @Nullable Object id = document.get("_id");
        if (id == null) {
            return Optional.empty();
        }
        String text = id instanceof Number number && number.doubleValue() == number.longValue()
                ? Long.toString(number.longValue())
                : id instanceof String string ? string : "";
        if (text.isBlank() || text.getBytes(StandardCharsets.UTF_8).length > MAX_ID_BYTES) {
            throw invalid(
                    job,
                    "documents[" + position + "]._id must be a non-empty string (or an integer) of at most "
                            + MAX_ID_BYTES + " bytes");
        }
        return Optional.of(text);
    }

    private static RuntimeException invalid(JobContext job, String message) {
        return ConnectorErrors.invalidParams(job.connector(), message);
    }
}
