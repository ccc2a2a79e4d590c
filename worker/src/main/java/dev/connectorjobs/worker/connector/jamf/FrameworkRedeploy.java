package dev.connectorjobs.worker.connector.jamf;

import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * {@code redeploy_framework}: {@code POST /api/v1/jamf-management-framework/redeploy/{id}}, which
 * queues an MDM command on one computer that reinstalls the Jamf management framework (the {@code
 * jamf} binary and its agents). The answer {@code {"deviceId", "commandUuid"}} becomes the result
 * {@code {"computer_id", "command_uuid"}}; the command's progress shows in Jamf Pro's MDM command
 * queue ({@code GET /api/v2/mdm/commands}).
 *
 * <p>Why this action. It is what operators reach for when a Mac still answers MDM but stopped
 * running policies, recon or Self Service (a broken or removed binary), which inventory reads reveal
 * (an old {@code general.lastContactTime}) and nothing else fixes remotely. It is a documented Jamf
 * Pro API endpoint keyed by the computer id {@code fetch_assets} reports as {@code
 * source_id}, so no management id has to be looked up first, and it answers with the command's
 * UUID. The general {@code POST /api/v2/mdm/commands} was not chosen: Jamf accepts only some of the
 * command types its schema lists, and the useful ones there (erase, lock, restart) must never be
 * sent twice by accident.
 *
 * <p>Retries. Jamf takes no idempotency key, and the HTTP client never re-sends a POST; a job retry
 * after a lost answer (I/O error, timeout, 5xx) sends the request again and may queue a second
 * command. That is safe: reinstalling the framework twice leaves the same framework installed, and
 * the device processes both commands at its next check-in. So failures keep their ordinary
 * classification (5xx and I/O retryable; 404 for an unknown computer and 403 for a missing privilege
 * permanent).
 */
final class FrameworkRedeploy {

    static final String PATH = "/api/v1/jamf-management-framework/redeploy/";

    private static final Logger log = LoggerFactory.getLogger(FrameworkRedeploy.class);
    private static final Pattern COMPUTER_ID = Pattern.compile("[0-9]{1,18}");

    private FrameworkRedeploy() {}

    /** Queues the command for the job's {@code computer_id}; {@code {"computer_id", "command_uuid"}}. */
    static Map<String, Object> redeploy(VendorApi api, JobContext job) {
        String computer = Params.of(job).string("computer_id").trim();
        if (!COMPUTER_ID.matcher(computer).matches()) {
            throw ConnectorErrors.invalidParams(
                    JamfConnector.CONNECTOR,
                    "computer_id must be a computer's Jamf Pro id (digits, the source_id of fetch_assets); was '"
                            + abbreviate(computer) + "'");
        }
        VendorResponse answer = api.send(VendorRequest.post(PATH + computer, null), job);
        String command = answer.text("commandUuid");
        log.info("connector=jamf event=framework_redeploy_queued computer_id={} command_uuid={}", computer, command);
        Map<String, Object> result = new LinkedHashMap<>();
        JsonNode device = answer.at("deviceId");
        result.put("computer_id", device.isString() || device.isIntegralNumber() ? device.asString() : computer);
        result.put("command_uuid", command);
        return result;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
