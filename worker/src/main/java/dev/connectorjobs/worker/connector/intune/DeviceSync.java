package dev.connectorjobs.worker.connector.intune;

import static dev.connectorjobs.worker.connector.intune.IntuneConnector.CONNECTOR;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftIds;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync_device}: {@code POST /deviceManagement/managedDevices/{id}/syncDevice}, which Graph
 * answers {@code 204 No Content} once Intune has queued a check-in request for the device.
 *
 * <p>Safe to retry as it is: the action is naturally idempotent. It changes no data, it only asks
 * the device to check in; a second request while one is pending asks again for the same check-in,
 * so a retry after a lost answer or a 5xx leaves the device exactly as one request would. That is
 * why the job may be retried without any deduplication (unlike {@code create_*} operations); the
 * HTTP client still does not repeat the POST within an attempt, the job's retry does.
 *
 * <p>The device id is checked to be a GUID before it goes into the path; a device Intune does not
 * know (404) fails permanently with {@code NotFound} naming it.
 */
final class DeviceSync {

    private static final Logger log = LoggerFactory.getLogger(DeviceSync.class);

    private DeviceSync() {}

    static Map<String, Object> sync(VendorApi api, JobContext job) {
        String id = MicrosoftIds.check(
                CONNECTOR.name(),
                "device_id",
                Params.of(job).string("device_id"),
                MicrosoftIds.GUID,
                "7f2d1c3a-0b4e-4c5d-9e8f-1a2b3c4d5e6f");
        VendorRequest request = VendorRequest.post(ManagedDevices.PATH + "/" + id + "/syncDevice", null)
                .handling(404);
        VendorResponse response = api.send(request, job);
        if (response.status() == 404) {
            throw ConnectorException.permanent(
                    "NotFound",
                    CONNECTOR.name() + ": Intune has no managed device " + id + " (" + response.request() + " answered"
                            + " 404); check device_id: it is the managed device's id (source_id of fetch_assets),"
                            + " not its Entra device id",
                    404);
        }
        log.info("connector={} event=device_sync_requested device_id={}", CONNECTOR.name(), id);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("device_id", id);
        result.put("sync_requested", true);
        result.put("status", response.status());
        return result;
    }
}
