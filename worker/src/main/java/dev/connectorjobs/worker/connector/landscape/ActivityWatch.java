package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Waits for a Landscape activity and its children (one per computer) to finish: {@code GET
 * /api/v2/activities/{id}} answers the activity with {@code activity_status} and {@code children},
 * each with its own {@code activity_status}, {@code computer_id}, {@code result_code} and {@code
 * result_text}. The activity is done when every child is {@code succeeded}, {@code failed} or {@code
 * canceled} (or, without children, when the activity itself is). Between two looks it waits, in a
 * cancellable sleep, {@code poll-interval} doubling up to {@code max-poll-interval}, and reports how
 * many computers are done as progress.
 */
final class ActivityWatch {

    static final String ACTIVITIES = "/api/v2/activities/";
    static final Set<String> FINISHED = Set.of("succeeded", "failed", "canceled");

    /** Computers listed one by one in the result; the counts cover all of them. */
    static final int MAX_LISTED = 100;

    /** Characters of a computer's script output kept in the result. */
    static final int MAX_OUTPUT = 200;

    private static final Logger log = LoggerFactory.getLogger(ActivityWatch.class);

    private final VendorApi api;
    private final Duration firstWait;
    private final Duration longestWait;

    ActivityWatch(VendorApi api, Duration firstWait, Duration longestWait) {
        this.api = api;
        this.firstWait = firstWait;
        this.longestWait = longestWait;
    }

    /** Waits until activity {@code id} is done; its summary. */
    Map<String, Object> await(long id, JobContext job) {
        Duration wait = firstWait;
        while (true) {
            VendorResponse activity = api.send(VendorRequest.get(ACTIVITIES + id), job);
            String status = activity.text("activity_status");
            JsonNode children = children(activity);
            long done = 0;
            for (JsonNode child : children) {
                if (FINISHED.contains(child.path("activity_status").asString(""))) {
                    done++;
                }
            }
            boolean finished = children.isEmpty() ? FINISHED.contains(status) : done == children.size();
            job.progress(done, children.size(), done + " of " + children.size() + " computers done");
            if (finished) {
                log.info(
                        "connector=landscape event=activity_done activity_id={} status={} computers={}",
                        id,
                        status,
                        children.size());
                return summary(id, status, children);
            }
            job.cancellation().sleep(wait);
            Duration doubled = wait.multipliedBy(2);
            wait = doubled.compareTo(longestWait) > 0 ? longestWait : doubled;
        }
    }

    private static JsonNode children(VendorResponse activity) {
        JsonNode children = activity.at("children");
        if (children.isMissingNode() || children.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        activity.array("children");
        for (int i = 0; i < children.size(); i++) {
            JsonNode child = children.get(i);
            if (!child.isObject() || !child.path("activity_status").isString()) {
                throw activity.malformed("'children[" + i + "].activity_status' is missing");
            }
        }
        return children;
    }

    /**
     * {@code {activity_id, status, computers, by_status, results}}: status {@code failed} when a
     * computer failed, else {@code canceled} when one was canceled, else {@code succeeded}; results
     * list the first {@value #MAX_LISTED} computers, failures first.
     */
    private static Map<String, Object> summary(long id, String activityStatus, JsonNode children) {
        Map<String, Long> byStatus = new TreeMap<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        List<Map<String, Object>> others = new ArrayList<>();
        for (JsonNode child : children) {
            String status = child.path("activity_status").asString();
            byStatus.merge(status, 1L, Long::sum);
            (status.equals("succeeded") ? others : failed).add(computer(child, status));
        }
        String status = children.isEmpty()
                ? activityStatus
                : byStatus.containsKey("failed")
                        ? "failed"
                        : byStatus.containsKey("canceled") ? "canceled" : "succeeded";
        List<Map<String, Object>> results = new ArrayList<>(failed);
        results.addAll(others);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("activity_id", id);
        summary.put("status", status);
        summary.put("computers", children.size());
        summary.put("by_status", byStatus);
        summary.put("results", results.size() > MAX_LISTED ? List.copyOf(results.subList(0, MAX_LISTED)) : results);
        summary.put("results_truncated", results.size() > MAX_LISTED);
        return summary;
    }

    private static Map<String, Object> computer(JsonNode child, String status) {
        Map<String, Object> computer = new LinkedHashMap<>();
        JsonNode computerId = child.path("computer_id");
        computer.put("computer_id", computerId.isIntegralNumber() ? computerId.asLong() : computerId.asString(""));
        computer.put("status", status);
        if (child.path("result_code").isIntegralNumber()) {
            computer.put("result_code", child.path("result_code").asLong());
        }
        String output =
                child.path("result_text").isString() ? child.path("result_text").stringValue() : "";
        if (!output.isEmpty()) {
            computer.put("output", output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) + "..." : output);
        }
        return computer;
    }
}
