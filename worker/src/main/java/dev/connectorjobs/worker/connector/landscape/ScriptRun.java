package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.model.catalog.EndpointManagementConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run_script}: runs a stored script on the computers a query or a list of ids selects, as a
 * user, and waits for the resulting activity, like an Ansible job: the remote work outlives one HTTP
 * call, so it is checkpointed, resumed and cancellable.
 *
 * <p>Why this action: running a stored script is the one remote action Landscape users reach for to
 * act on a fleet (patch, collect, restart a service), it works on every Ubuntu computer with script
 * execution enabled, and Landscape reports it as an activity per computer that can be watched and
 * whose queued deliveries can be cancelled. Landscape's REST API v2 lists scripts and activities but
 * does not run scripts, so the run itself is the legacy {@code ExecuteScript} action (the only
 * documented way), sent with the same JWT; {@code GET /api/v2/scripts/{id}} checks the script first.
 *
 * <p>Steps: (1) a marker checkpoint {@code {"phase": "starting", "script_id", "script_title",
 * "since"}} is saved before the start call; (2) {@code ExecuteScript} answers the activity group,
 * whose id is saved as {@code {"activity_id", "script_id"}}; (3) a remote cancel is registered
 * ({@link ActivityCancel}); (4) {@link ActivityWatch} polls it until done. A later attempt with an
 * {@code activity_id} checkpoint resumes at (3). One with only the marker (the attempt ended between
 * the start call and saving the id) first looks for the activity it may have started ({@link
 * StartedActivities}) and adopts it, starting the script again only when none is found.
 *
 * <p>Residual risk: Landscape takes no client reference with {@code ExecuteScript}, so that lookup
 * matches on who created the activity, when, and the {@code Run script: <title>} summary. Two jobs
 * that start the same script with the same credentials within the same few minutes, one of which
 * crashed in that window, are told apart by nothing: the crashed one then fails permanently naming
 * the candidate activities instead of guessing (and, if its own start never reached Landscape, it
 * may adopt the other job's activity rather than run the script a second time).
 */
final class ScriptRun {

    static final String SCRIPTS = "/api/v2/scripts/";

    private static final Logger log = LoggerFactory.getLogger(ScriptRun.class);

    private final VendorApi api;
    private final StartedActivities started;
    private final ActivityWatch watch;
    private final Clock clock;

    ScriptRun(VendorApi api, StartedActivities started, ActivityWatch watch, Clock clock) {
        this.api = api;
        this.started = started;
        this.watch = watch;
        this.clock = clock;
    }

    Map<String, Object> run(JobContext job) {
        Params params = Params.of(job);
        long scriptId = params.integer("script_id", 0);
        String selection = selection(params, job);
        Optional<String> username = params.optionalString("username");
        Map<String, Object> checkpoint = job.checkpoint().orElse(Map.of());
        Optional<Long> activity = number(checkpoint.get("activity_id"));
        boolean resumed = activity.isPresent();
        if (activity.isEmpty() && "starting".equals(checkpoint.get("phase"))) {
            activity = started.find(checkpoint, job);
            activity.ifPresent(id -> saveActivity(job, id, scriptId));
            resumed = activity.isPresent();
        }
        long id = activity.orElseGet(() -> start(job, scriptId, selection, username));
        if (resumed) {
            log.info("connector=landscape event=activity_resumed activity_id={} script_id={}", id, scriptId);
        }
        ActivityCancel.register(api, id, job);
        Map<String, Object> result = new LinkedHashMap<>(watch.await(id, job));
        result.put("script_id", scriptId);
        result.put("resumed", resumed);
        return result;
    }

    private long start(JobContext job, long scriptId, String selection, Optional<String> username) {
        VendorResponse script = api.send(VendorRequest.get(SCRIPTS + scriptId), job);
        String title = script.text("title");
        job.saveCheckpoint(StartedActivities.marker(scriptId, title, clock.instant()));
        String[] form = username.isPresent()
                ? new String[] {"query", selection, "script_id", Long.toString(scriptId), "username", username.get()}
                : new String[] {"query", selection, "script_id", Long.toString(scriptId)};
        VendorResponse activity = api.send(LegacyActions.action("ExecuteScript", form), job);
        long id = activity.optionalLong("id").orElseThrow(() -> activity.malformed("'id' is missing"));
        saveActivity(job, id, scriptId);
        log.info("connector=landscape event=script_started activity_id={} script_id={}", id, scriptId);
        return id;
    }

    private static void saveActivity(JobContext job, long id, long scriptId) {
        Map<String, Object> checkpoint = new LinkedHashMap<>();
        checkpoint.put("activity_id", id);
        checkpoint.put("script_id", scriptId);
        job.saveCheckpoint(checkpoint);
    }

    /** The computer query: {@code query}, or {@code id:1 OR id:2} for {@code computer_ids}; not both. */
    private static String selection(Params params, JobContext job) {
        Optional<String> query = params.optionalString("query");
        List<Long> ids = params.integers("computer_ids");
        if (query.isPresent() == !ids.isEmpty()) {
            throw ConnectorErrors.invalidParams(
                    job.connector(), "give either query or computer_ids to select the computers, not both");
        }
        if (ids.size() > EndpointManagementConnectors.MAX_COMPUTER_IDS) {
            throw ConnectorErrors.invalidParams(
                    job.connector(),
                    "computer_ids names more than " + EndpointManagementConnectors.MAX_COMPUTER_IDS
                            + " computers; select them with a query (e.g. a tag) instead");
        }
        return query.orElseGet(() -> ids.stream().map(id -> "id:" + id).collect(Collectors.joining(" OR ")));
    }

    /** A checkpoint value as a long: JSON numbers come back as Integer or Long. */
    static Optional<Long> number(@Nullable Object value) {
        return value instanceof Number n ? Optional.of(n.longValue()) : Optional.empty();
    }
}
