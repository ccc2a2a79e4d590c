package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code test_connection}: reads one CI with the configured credentials; {@code {ok, instance, auth,
 * records_read}}, and {@code cmdb_ci_count} when the instance sends {@code X-Total-Count}.
 */
final class ConnectionCheck {

    /** The table {@code test_connection} reads one record of. */
    static final String PROBE_TABLE = "cmdb_ci";

    private final VendorApi api;
    private final ResponseReader reader;
    private final String instance;

    ConnectionCheck(VendorApi api, ResponseReader reader, URI base) {
        this.api = api;
        this.reader = reader;
        String url = base.toString();
        this.instance = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    Map<String, Object> run(JobContext job) {
        VendorRequest probe = VendorRequest.get(ServiceNowUrls.TABLE_PATH + PROBE_TABLE)
                .withQuery("sysparm_limit", "1")
                .withQuery("sysparm_fields", "sys_id");
        VendorResponse answer = api.exchange(probe, job);
        ResponseReader.Page page = reader.records(answer, (index, record) -> true);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("instance", instance);
        result.put("auth", api.auth().scheme());
        result.put("records_read", page.records());
        answer.header("X-Total-Count").flatMap(ConnectionCheck::count).ifPresent(n -> result.put("cmdb_ci_count", n));
        return result;
    }

    private static Optional<Long> count(String header) {
        try {
            return Optional.of(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
