package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import tools.jackson.databind.JsonNode;

/** {@code get_record}: one record of the Table API, as the instance returns it. */
final class RecordLookup {

    private final VendorApi api;
    private final ResponseReader reader;

    RecordLookup(VendorApi api, ResponseReader reader) {
        this.api = api;
        this.reader = reader;
    }

    /**
     * The record {@code params.sys_id} of table {@code params.table}.
     *
     * @throws ConnectorException permanent {@code RecordNotFound} for a 404
     */
    JsonNode get(JobContext job) {
        Params params = Params.of(job);
        String table = ServiceNowUrls.table("table", params.string("table"));
        String sysId = ServiceNowUrls.sysId(params.string("sys_id"));
        VendorRequest request = VendorRequest.get(ServiceNowUrls.TABLE_PATH + table + "/" + sysId)
                .withQuery("sysparm_exclude_reference_link", "true")
                .handling(404);
        VendorResponse answer = api.exchange(request, job);
        if (answer.status() == 404) {
            throw ConnectorException.permanent(
                    "RecordNotFound",
                    ServiceNowConnector.NAME + ": table '" + table + "' has no record " + sysId
                            + " that the integration user may read" + reader.serviceError(answer.result()),
                    404);
        }
        return reader.result(answer);
    }
}
