package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Finds the script run an earlier attempt started but could not record: that attempt saved a
 * {@linkplain #marker marker} just before {@code ExecuteScript} and ended before it saved the
 * activity's id. The legacy {@code GetActivities} action is asked for activity groups created since
 * a few minutes before the marker ({@code type:ActivityGroup created-after:...}); a candidate is
 * one whose summary is {@code Run script: <title>} and whose creator is the logged-in identity.
 * None: the script was not started (it may be). One: it is adopted. More: the job fails permanently
 * naming them, since running the script again or picking one could both be wrong.
 */
final class StartedActivities {

    /** How far before the marker to look, for clocks that differ between worker and Landscape. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final DateTimeFormatter CREATED_AFTER =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final VendorApi api;
    private final LandscapeLogin login;

    StartedActivities(VendorApi api, LandscapeLogin login) {
        this.api = api;
        this.login = login;
    }

    /** The checkpoint saved just before starting {@code scriptId}. */
    static Map<String, Object> marker(long scriptId, String title, Instant now) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("phase", "starting");
        marker.put("script_id", scriptId);
        marker.put("script_title", title);
        marker.put("since", now.toString());
        return marker;
    }

    /** The activity the attempt that saved {@code marker} started, if Landscape has one. */
    Optional<Long> find(Map<String, Object> marker, JobContext job) {
        Instant since;
        try {
            since = Instant.parse(String.valueOf(marker.get("since")));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        String summary = "Run script: " + marker.get("script_title");
        @Nullable String email = login.token(job).email();
        String query = "type:ActivityGroup created-after:" + CREATED_AFTER.format(since.minus(CLOCK_SKEW));
        VendorResponse found = api.send(LegacyActions.action("GetActivities", "query", query), job);
        if (!found.body().isArray()) {
            throw found.malformed("the answer is not a list of activities");
        }
        List<Long> candidates = new ArrayList<>();
        for (JsonNode activity : found.body()) {
            boolean sameScript = summary.equals(activity.path("summary").asString(""));
            String creator = activity.path("creator").path("email").asString("");
            boolean sameCreator = email == null || email.equalsIgnoreCase(creator);
            if (sameScript && sameCreator && activity.path("id").isIntegralNumber()) {
                candidates.add(activity.path("id").asLong());
            }
        }
        if (candidates.size() > 1) {
            throw ConnectorException.permanent(
                    "RemoteWorkAmbiguous",
                    "landscape: an earlier attempt of this job started script " + marker.get("script_id")
                            + " but ended before it recorded the activity, and Landscape has " + candidates.size()
                            + " runs of it since then by the same identity (activities " + candidates
                            + "); check them in Landscape instead of running the script again");
        }
        return candidates.stream().findFirst();
    }
}
