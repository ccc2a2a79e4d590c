package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** {@code get_record} and {@code test_connection}: single reads of the Table API. */
final class Records {

    /** The table {@code test_connection} reads one record of. */
    static final String PROBE_TABLE = "cmdb_ci";

    private final ServiceNowApi api;

    Records(ServiceNowApi api) {
        this.api = api;
    }

    /**
     * The record {@code params.sys_id} of table {@code params.table}, as the instance returns it.
     *
     * @throws ConnectorException permanent {@code RecordNotFound} for a 404
     */
    JsonNode get(JobContext job) {
        String table = JobParams.table("table", JobParams.required(job.params(), "table"));
        String sysId = JobParams.sysId(JobParams.required(job.params(), "sys_id"));
        URI uri = api.urls().record(table, sysId, Map.of("sysparm_exclude_reference_link", "true"));
        ServiceNowApi.Exchange exchange = api.getAnswer(uri, job);
        if (exchange.result().status() == 404) {
            throw ConnectorException.permanent(
                    "RecordNotFound",
                    ServiceNowConnector.NAME + ": table '" + table + "' has no record " + sysId
                            + " that the integration user may read"
                            + api.reader().serviceError(exchange.result()),
                    404);
        }
        if (!exchange.result().isSuccess()) {
            throw api.failure(exchange);
        }
        return api.reader().result(exchange.call(), exchange.result());
    }

    /**
     * Reads one CI with the configured credentials: {@code {ok, instance, auth, records_read}}, and
     * {@code cmdb_ci_count} when the instance sends {@code X-Total-Count}.
     */
    Map<String, Object> testConnection(JobContext job) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("sysparm_limit", "1");
        query.put("sysparm_fields", "sys_id");
        ServiceNowApi.Exchange exchange = api.get(api.urls().table(PROBE_TABLE, query), job);
        ResponseReader.Page page = api.reader().records(exchange.call(), exchange.result(), (index, record) -> true);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        result.put("instance", api.urls().toString());
        result.put("auth", api.credentials().scheme());
        result.put("records_read", page.records());
        exchange.result()
                .header("X-Total-Count")
                .flatMap(Records::count)
                .ifPresent(n -> result.put("cmdb_ci_count", n));
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
