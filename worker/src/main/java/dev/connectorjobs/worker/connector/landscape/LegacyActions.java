package dev.connectorjobs.worker.connector.landscape;

import dev.connectorjobs.worker.connector.kit.VendorRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests to Landscape's legacy API ({@code /api/?action=...&version=2011-08-01}), for what the REST
 * API v2 does not offer yet: running a stored script ({@code ExecuteScript}), searching activities by
 * creator and time ({@code GetActivities}) and cancelling them ({@code CancelActivities}). The legacy
 * endpoint accepts the same JWT as the REST API, so no request needs signing. Parameters go in a form
 * body, and as a POST none of them is sent again by the HTTP client's retries.
 */
final class LegacyActions {

    static final String PATH = "/api/";
    static final String VERSION = "2011-08-01";

    private LegacyActions() {}

    /** {@code POST /api/} with {@code action}, {@code version} and {@code params} (name, value...). */
    static VendorRequest action(String action, String... params) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", action);
        form.put("version", VERSION);
        for (int i = 0; i + 1 < params.length; i += 2) {
            form.put(params[i], params[i + 1]);
        }
        return VendorRequest.post(PATH, null).withForm(form);
    }
}
