package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code search}: runs a search job and returns its results. The job outlives one HTTP call, so it
 * is checkpointed, resumed and cancellable, like an AWX job or a Landscape activity.
 *
 * <p>Steps: (1) the attempt chooses the job's sid, {@code cj_<job id>_<attempt>}, saves it as the
 * checkpoint {@code {"sid"}} and registers the remote cancel ({@code POST
 * /services/search/jobs/{sid}/control action=cancel}); (2) {@code POST /services/search/jobs} with
 * {@code search}, {@code id=<sid>}, {@code earliest_time}, {@code latest_time} and {@code
 * output_mode=json} creates the job (201 {@code {"sid"}}); (3) {@link SearchJobWatch} polls it until
 * done; (4) {@link SearchResults} reads its results. Choosing the sid before the create closes the
 * window a crash between create and checkpoint would leave: a later attempt always knows which job to
 * look for. It polls the checkpointed sid instead of searching again; when Splunk has no such job (the
 * create never arrived, the job expired or was cancelled in Splunk) it starts a new one under its own
 * sid. The remote cancel runs on revoke and on the time limit; a job Splunk does not have (404) is
 * recorded as such.
 *
 * <p>A search reads and changes nothing, so starting it again is always safe; the checkpoint saves
 * Splunk the work of running it twice.
 */
final class SplunkSearch {

    static final String JOBS = "/services/search/jobs";
    static final String SID = "sid";

    private static final Logger log = LoggerFactory.getLogger(SplunkSearch.class);

    private final VendorApi api;
    private final SearchJobWatch watch;
    private final SearchResults results;

    SplunkSearch(VendorApi api, SearchJobWatch watch, SearchResults results) {
        this.api = api;
        this.watch = watch;
        this.results = results;
    }

    Map<String, Object> run(JobContext job) {
        Params params = Params.of(job);
        String query = spl(params.string("query"));
        long maxResults = params.integer("max_results", SearchResults.DEFAULT_MAX_RESULTS);
        if (maxResults < 1 || maxResults > SiemConnectors.MAX_SEARCH_RESULTS) {
            throw ConnectorErrors.invalidParams(
                    job.connector(), "max_results must be between 1 and " + SiemConnectors.MAX_SEARCH_RESULTS);
        }
        Optional<String> saved = job.checkpoint()
                .map(c -> c.get(SID))
                .filter(String.class::isInstance)
                .map(String.class::cast);
        boolean resumed = saved.isPresent() && watch.look(saved.get(), job).isPresent();
        String sid;
        if (resumed) {
            sid = saved.get();
            log.info("connector=splunk event=search_resumed sid={}", sid);
            SearchJobCancel.register(api, sid, job);
        } else {
            saved.ifPresent(gone -> log.info("connector=splunk event=search_gone sid={}; starting it again", gone));
            sid = start(job, params, query);
        }
        SearchJobStatus done = watch.await(sid, job);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(SID, sid);
        result.put("dispatch_state", done.dispatchState());
        result.put("run_duration", done.runDuration());
        result.putAll(results.read(sid, done, (int) maxResults, job));
        if (!done.messages().isEmpty()) {
            result.put("messages", api.mask(done.messages()));
        }
        result.put("resumed", resumed);
        return result;
    }

    /** Saves the sid, registers the cancel, then creates the job; the sid Splunk answers. */
    private String start(JobContext job, Params params, String query) {
        String sid = "cj_" + job.jobId().toString().replace("-", "") + "_" + job.attempt();
        job.saveCheckpoint(Map.<String, Object>of(SID, sid));
        SearchJobCancel.register(api, sid, job);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("search", query);
        form.put("id", sid);
        params.optionalString("earliest_time").ifPresent(time -> form.put("earliest_time", time));
        params.optionalString("latest_time").ifPresent(time -> form.put("latest_time", time));
        form.put("output_mode", "json");
        VendorResponse created = api.send(VendorRequest.post(JOBS, null).withForm(form), job);
        String answered = created.text(SID);
        if (!answered.equals(sid)) {
            // a Splunk that ignores 'id' named the job itself: follow and cancel that one
            job.saveCheckpoint(Map.<String, Object>of(SID, answered));
            SearchJobCancel.register(api, answered, job);
        }
        log.info("connector=splunk event=search_started sid={}", answered);
        return answered;
    }

    /**
     * {@code query} as the REST API takes it: a search must start with a command, so {@code search}
     * is prepended unless it starts with {@code search} or {@code |} (a generating command such as
     * {@code | tstats}).
     */
    static String spl(String query) {
        String trimmed = query.strip();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("|") || lower.startsWith("search ") || lower.startsWith("search\n")) {
            return trimmed;
        }
        return "search " + trimmed;
    }
}
