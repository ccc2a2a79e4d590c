package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code launch_job_template}: launches an AWX job template at most once per job, and follows the AWX
 * job to its end with {@link AwxJobFollower}.
 *
 * <p>How a job launches only once, whatever happens to its attempts:
 *
 * <ol>
 *   <li>A checkpoint {@code {"awx_job_id": n}} means an earlier attempt launched AWX job {@code n}:
 *       this attempt follows that job and never launches.
 *   <li>Otherwise, before launching, the attempt saves {@code {"launch_marker": "<job id>",
 *       "launch_requested_at": "<instant>"}} and sends the marker as the extra variable {@value
 *       LaunchMarkers#EXTRA_VAR}. {@code POST /api/v2/job_templates/{id}/launch/} answers 201 {@code
 *       {"job": n}}, and {@code awx_job_id} is saved at once.
 *   <li>An attempt that finds a marker but no {@code awx_job_id} (the worker died, or the answer was
 *       lost, between the POST and the save) asks AWX for the template's jobs created since the launch
 *       was requested and looks for the marker in their {@code extra_vars} ({@link LaunchMarkers}):
 *       found, it saves that job's id and follows it; not found, it launches.
 * </ol>
 *
 * <p>A remote cancel is registered before the POST (it looks the marker up, so a launch whose answer
 * never arrived is still cancelled) and replaced once the id is known ({@code POST
 * /api/v2/jobs/{id}/cancel/}; AWX answers 202, or 405 once the job can no longer be cancelled, which is
 * recorded as the cancel's outcome).
 *
 * <p>Residual risk: (a) AWX drops {@code extra_vars} of a template that does not prompt for variables
 * on launch (a survey alone accepts only its own questions; {@code ignored_fields} in the answer,
 * logged as a warning): its jobs carry no marker, so a crash between the POST and the checkpoint leads to a second launch; (b) the
 * lookup reads back to ten minutes ({@link LaunchMarkers#CLOCK_SKEW}) before the recorded launch time,
 * so an AWX clock more than that behind the worker's hides the job; (c) a job deleted from AWX in the
 * window is not found either. In each case the template runs twice; make playbooks that matter safe
 * to repeat.
 */
final class JobTemplateLauncher {

    static final String AWX_JOB_ID = "awx_job_id";
    static final String LAUNCH_MARKER = "launch_marker";
    static final String LAUNCH_REQUESTED_AT = "launch_requested_at";

    private static final Logger log = LoggerFactory.getLogger(JobTemplateLauncher.class);

    private final VendorApi api;
    private final LaunchMarkers markers;
    private final AwxJobFollower follower;
    private final Clock clock;

    JobTemplateLauncher(VendorApi api, LaunchMarkers markers, AwxJobFollower follower, Clock clock) {
        this.api = api;
        this.markers = markers;
        this.follower = follower;
        this.clock = clock;
    }

    Map<String, Object> run(JobContext job) {
        Params params = Params.of(job);
        long templateId = params.optionalInteger("job_template_id")
                .orElseThrow(() -> ConnectorErrors.invalidParams(
                        AnsibleConnector.CONNECTOR, "job_template_id is required and must be an integer"));
        Map<String, Object> checkpoint = new LinkedHashMap<>(job.checkpoint().orElse(Map.of()));
        Optional<Long> launched = number(checkpoint.get(AWX_JOB_ID));
        if (launched.isPresent()) {
            log.info("connector=ansible event=launch_resumed awx_job_id={}", launched.get());
        } else {
            launched = lostLaunch(templateId, checkpoint, job);
            if (launched.isPresent()) {
                checkpoint.put(AWX_JOB_ID, launched.get());
                job.saveCheckpoint(checkpoint);
            }
        }
        long awxJobId = launched.isPresent() ? launched.get() : launch(templateId, params, checkpoint, job);
        job.onRemoteCancel("POST " + cancelPath(awxJobId), context -> cancel(awxJobId, context));
        return follower.follow(awxJobId, job);
    }

    /** The job an earlier attempt launched without recording it, found by its marker. */
    private Optional<Long> lostLaunch(long templateId, Map<String, Object> checkpoint, JobContext job) {
        Object marker = checkpoint.get(LAUNCH_MARKER);
        if (!(marker instanceof String text)) {
            return Optional.empty();
        }
        return markers.find(templateId, text, requestedAt(checkpoint), job);
    }

    private long launch(long templateId, Params params, Map<String, Object> checkpoint, JobContext job) {
        String marker = job.jobId().toString();
        checkpoint.put(LAUNCH_MARKER, marker);
        checkpoint.putIfAbsent(LAUNCH_REQUESTED_AT, clock.instant().toString());
        job.saveCheckpoint(checkpoint);
        Instant requestedAt = requestedAt(checkpoint);
        job.onRemoteCancel(
                "POST /api/v2/jobs/<launched with marker " + marker + ">/cancel/",
                context ->
                        markers.find(templateId, marker, requestedAt, context).ifPresent(id -> cancel(id, context)));
        Map<String, Object> extraVars = new LinkedHashMap<>(extraVars(job));
        extraVars.put(LaunchMarkers.EXTRA_VAR, marker);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("extra_vars", extraVars);
        params.optionalString("limit").ifPresent(limit -> body.put("limit", limit));
        params.optionalInteger("inventory").ifPresent(inventory -> body.put("inventory", inventory));
        VendorResponse answer =
                api.send(VendorRequest.post("/api/v2/job_templates/" + templateId + "/launch/", body), job);
        long awxJobId = answer.optionalLong("job").orElseThrow(() -> answer.malformed("'job' is missing"));
        if (answer.at("ignored_fields").has("extra_vars")) {
            log.warn(
                    "connector=ansible event=extra_vars_ignored awx_job_id={} job_template_id={}; AWX dropped the"
                            + " launch marker: enable 'Prompt on launch' for variables on the template, so that a lost"
                            + " launch answer cannot lead to a second launch",
                    awxJobId,
                    templateId);
        }
        checkpoint.put(AWX_JOB_ID, awxJobId);
        job.saveCheckpoint(checkpoint);
        log.info("connector=ansible event=launched awx_job_id={} job_template_id={}", awxJobId, templateId);
        return awxJobId;
    }

    static String cancelPath(long awxJobId) {
        return "/api/v2/jobs/" + awxJobId + "/cancel/";
    }

    /** Asks AWX to cancel job {@code awxJobId}; a 405 (it can no longer be) is the recorded outcome. */
    private void cancel(long awxJobId, JobContext context) {
        VendorResponse answer =
                api.send(VendorRequest.post(cancelPath(awxJobId), null).handling(405), context);
        if (answer.status() == 405) {
            throw ConnectorException.permanent(
                    "AnsibleJobNotCancelable",
                    "ansible: AWX answered 405 to the cancel of job " + awxJobId
                            + ": it can no longer be canceled (it has finished or is finishing)",
                    405);
        }
        log.info("connector=ansible event=cancel_requested awx_job_id={} status={}", awxJobId, answer.status());
    }

    private static Map<String, Object> extraVars(JobContext job) {
        Object value = job.params().get("extra_vars");
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw ConnectorErrors.invalidParams(AnsibleConnector.CONNECTOR, "extra_vars must be an object");
        }
        Map<String, Object> vars = new LinkedHashMap<>();
        map.forEach((key, v) -> vars.put(String.valueOf(key), v));
        return vars;
    }

    private Instant requestedAt(Map<String, Object> checkpoint) {
        if (checkpoint.get(LAUNCH_REQUESTED_AT) instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // an unreadable time: look back from now, which still covers a launch moments ago
            }
        }
        return clock.instant();
    }

    private static Optional<Long> number(@Nullable Object value) {
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }
}
