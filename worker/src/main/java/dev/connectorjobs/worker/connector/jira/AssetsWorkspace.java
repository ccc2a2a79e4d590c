package dev.connectorjobs.worker.connector.jira;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The site's Assets workspace id: the configured one, or the first that {@code GET
 * /rest/servicedeskapi/assets/workspace} lists, discovered once and cached for the life of the
 * worker (a site has one workspace, and its id never changes).
 */
final class AssetsWorkspace {

    static final String DISCOVERY_PATH = "/rest/servicedeskapi/assets/workspace";

    /** Workspace ids are UUIDs; anything else must not reach a URL path. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final JiraApi api;
    private final @Nullable String configured;
    private final AtomicReference<@Nullable String> discovered = new AtomicReference<>();

    AssetsWorkspace(JiraApi api, JiraProperties properties) {
        this.api = api;
        this.configured = properties.configuredWorkspace().orElse(null);
    }

    /**
     * The workspace to query.
     *
     * @throws ConnectorException permanent {@code AssetsNotAvailable} when the site has none
     */
    String id(JobContext job) {
        if (configured != null) {
            return configured;
        }
        String known = discovered.get();
        if (known != null) {
            return known;
        }
        return list(job).stream()
                .findFirst()
                .orElseThrow(() -> ConnectorException.permanent(
                        "AssetsNotAvailable",
                        JiraApi.CONNECTOR + ": the site lists no Assets workspace (GET " + DISCOVERY_PATH + "); Assets"
                                + " needs Jira Service Management with Assets enabled, or set "
                                + JiraProperties.PREFIX + "workspace-id"));
    }

    /** The configured workspace id, if there is one. */
    Optional<String> configured() {
        return Optional.ofNullable(configured);
    }

    /** Asks the site for its workspaces (one cheap call) and caches the first. */
    List<String> list(JobContext job) {
        JsonNode answer = api.site(VendorRequest.get(DISCOVERY_PATH), "the Assets workspace list", job);
        JsonNode values = answer.get("values");
        if (values == null || !values.isArray()) {
            throw JiraApi.malformed("the Assets workspace list (GET " + DISCOVERY_PATH + ") has no 'values' array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode value : values.values()) {
            JsonNode id = value.get("workspaceId");
            if (id == null || !id.isString() || !ID.matcher(id.stringValue()).matches()) {
                throw JiraApi.malformed("an entry of the Assets workspace list (GET " + DISCOVERY_PATH
                        + ") has no valid 'workspaceId'");
            }
            ids.add(id.stringValue());
        }
        if (!ids.isEmpty()) {
            discovered.compareAndSet(null, ids.getFirst());
        }
        return ids;
    }
}
