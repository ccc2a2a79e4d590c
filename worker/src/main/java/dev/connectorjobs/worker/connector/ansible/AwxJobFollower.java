package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a launched AWX job to its end: polls {@code GET /api/v2/jobs/{id}/} while it is {@code new},
 * {@code pending}, {@code waiting} or {@code running}, waiting {@code poll-interval} at first and half as
 * long again after each poll up to {@code max-poll-interval} (a cancellable wait, so a revoke or the
 * time limit stops it at once), and reports status and elapsed seconds as progress.
 *
 * <ul>
 *   <li>{@code successful}: the result {@code {awx_job_id, status, elapsed, failed, host_summary}}.
 *   <li>{@code failed} or {@code error}: permanent {@code AnsibleJobFailed}, not retried, since the
 *       playbook ran (a retry would run it again).
 *   <li>{@code canceled}: someone cancelled it in AWX; permanent {@code AnsibleJobCanceled}.
 * </ul>
 */
final class AwxJobFollower {

    private static final Logger log = LoggerFactory.getLogger(AwxJobFollower.class);

    private final VendorApi api;
    private final AnsibleProperties properties;
    private final HostSummary summaries;

    AwxJobFollower(VendorApi api, AnsibleProperties properties) {
        this.api = api;
        this.properties = properties;
        this.summaries = new HostSummary(api, properties);
    }

    static String jobPath(long awxJobId) {
        return "/api/v2/jobs/" + awxJobId + "/";
    }

    Map<String, Object> follow(long awxJobId, JobContext job) {
        Duration wait = properties.pollInterval();
        String last = "";
        while (true) {
            VendorResponse answer = api.send(VendorRequest.get(jobPath(awxJobId)), job);
            String status = answer.text("status");
            double elapsed = answer.at("elapsed").asDouble(0);
            if (!status.equals(last)) {
                log.info("connector=ansible event=awx_job_status awx_job_id={} status={}", awxJobId, status);
                last = status;
            }
            job.progress((long) elapsed, 0, "AWX job " + awxJobId + " " + status + ", " + Math.round(elapsed) + " s");
            switch (status) {
                case "successful" -> {
                    return result(awxJobId, answer, status, elapsed, job);
                }
                case "failed", "error" -> throw failed(awxJobId, status, answer);
                case "canceled" ->
                    throw ConnectorException.permanent(
                            "AnsibleJobCanceled",
                            "ansible: AWX job " + awxJobId + " was canceled in AWX before it finished; submit the job"
                                    + " again to run the template anew");
                default -> {
                    job.cancellation().sleep(wait);
                    wait = longer(wait);
                }
            }
        }
    }

    private Duration longer(Duration wait) {
        Duration next = wait.plus(wait.dividedBy(2));
        return next.compareTo(properties.maxPollInterval()) > 0 ? properties.maxPollInterval() : next;
    }

    private Map<String, Object> result(
            long awxJobId, VendorResponse answer, String status, double elapsed, JobContext job) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("awx_job_id", awxJobId);
        result.put("status", status);
        result.put("elapsed", elapsed);
        result.put("failed", answer.at("failed").asBoolean(false));
        result.put("host_summary", summaries.read(awxJobId, job));
        return result;
    }

    private ConnectorException failed(long awxJobId, String status, VendorResponse answer) {
        String explanation =
                answer.optionalText("job_explanation").map(api::mask).orElse("");
        return ConnectorException.permanent(
                "AnsibleJobFailed",
                "ansible: AWX job " + awxJobId + " ended " + status
                        + (explanation.isEmpty() ? "" : " (" + shorten(explanation) + ")")
                        + "; the playbook ran, so the job is not retried: read the job's output in AWX"
                        + " (/#/jobs/playbook/" + awxJobId + "/output), fix the cause and submit again");
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
