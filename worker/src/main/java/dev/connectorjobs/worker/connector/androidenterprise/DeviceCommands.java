package dev.connectorjobs.worker.connector.androidenterprise;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.CircuitOpenException;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code issue_command}: {@code POST /enterprises/{id}/devices/{device}:issueCommand} with {@code
 * {"type": command, "duration": ...}}. Google answers with a long-running {@code Operation} ({@code
 * name}, {@code metadata}, {@code done}); the result names it, so its progress can be looked up.
 *
 * <p>Retries. Google takes no idempotency key for commands, and a POST is never re-sent by the HTTP
 * client. What a job retry may do depends on the command:
 *
 * <ul>
 *   <li>{@code LOCK}, {@code REBOOT} and {@code STOP_LOST_MODE} are naturally idempotent: issuing
 *       them twice locks (reboots, leaves lost mode) once more, which is what was asked. Their
 *       failures keep their ordinary classification, so an I/O error or a 5xx is retried.
 *   <li>{@code RESET_PASSWORD}, {@code CLEAR_APP_DATA}, {@code RELINQUISH_OWNERSHIP} and {@code
 *       START_LOST_MODE} are not: a second reset or clear may destroy what the user did in between.
 *       When Google may have received one but its answer was lost (an I/O error, a timeout, a 5xx),
 *       the job fails permanently with {@code CommandOutcomeUnknown} and asks the operator to look
 *       at the device's operations before issuing it again. A 429, an open breaker and a failed
 *       token request (the command was certainly not taken) stay retryable.
 * </ul>
 *
 * <p>Google rejects commands that need more than the descriptor's params ({@code CLEAR_APP_DATA}
 * without package names, {@code START_LOST_MODE} without a message) with 400; the job then fails
 * permanently with Google's explanation.
 */
final class DeviceCommands {

    static final List<String> COMMANDS = List.of(
            "LOCK",
            "REBOOT",
            "RESET_PASSWORD",
            "RELINQUISH_OWNERSHIP",
            "CLEAR_APP_DATA",
            "START_LOST_MODE",
            "STOP_LOST_MODE");

    /** Commands that do what was asked however often they are issued. */
    static final Set<String> REPEATABLE = Set.of("LOCK", "REBOOT", "STOP_LOST_MODE");

    private static final Logger log = LoggerFactory.getLogger(DeviceCommands.class);
    private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern DURATION = Pattern.compile("\\d{1,10}(\\.\\d{1,9})?s");

    private DeviceCommands() {}

    /** Issues the job's command; {@code {"operation", "done", "command", "device_id"}}. */
    static Map<String, Object> issue(VendorApi api, String enterpriseId, JobContext job) {
        Params params = Params.of(job);
        String device = params.string("device_id");
        if (!DEVICE_ID.matcher(device).matches()) {
            throw invalid("device_id must be a device id (the last part of the device's name: letters, digits,"
                    + " '-' and '_'); was '" + abbreviate(device) + "'");
        }
        String command = params.oneOf("command", COMMANDS)
                .orElseThrow(() -> invalid("command is required: one of " + String.join(", ", COMMANDS)));
        Optional<String> duration = params.optionalString("duration");
        if (duration.isPresent() && !DURATION.matcher(duration.get()).matches()) {
            throw invalid(
                    "duration must be seconds with an 's', such as 600s; was '" + abbreviate(duration.get()) + "'");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", command);
        duration.ifPresent(d -> body.put("duration", d));
        String path = "/enterprises/" + enterpriseId + "/devices/" + device + ":issueCommand";
        api.auth().headers(job); // a token first: its failure says nothing about the command
        VendorResponse operation;
        try {
            operation = api.send(VendorRequest.post(path, body), job);
        } catch (ConnectorException e) {
            throw REPEATABLE.contains(command) ? e : unlessCertainlyRefused(e, command, device);
        }
        String name = operation.text("name");
        log.info(
                "connector={} event=command_issued command={} device_id={} operation={}",
                AndroidEnterpriseConnector.CONNECTOR,
                command,
                device,
                name);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("operation", name);
        result.put("done", operation.at("done").asBoolean(false));
        result.put("command", command);
        result.put("device_id", device);
        return result;
    }

    /** {@code failure}, or {@code CommandOutcomeUnknown} when Google may have taken the command. */
    private static ConnectorException unlessCertainlyRefused(
            ConnectorException failure, String command, String device) {
        boolean refused = !failure.isRetryable()
                || failure instanceof CircuitOpenException
                || failure.httpStatus().filter(status -> status == 429).isPresent();
        if (refused) {
            return failure;
        }
        return ConnectorException.permanent(
                "CommandOutcomeUnknown",
                failure.getMessage() + "; Google may have taken the " + command + " command for device " + device
                        + " before the answer was lost, and it is not repeated on its own: see the device's"
                        + " operations (GET .../devices/" + device + "/operations) before issuing it again",
                failure.httpStatus().orElse(null));
    }

    private static ConnectorException invalid(String message) {
        return ConnectorErrors.invalidParams(AndroidEnterpriseConnector.CONNECTOR, message);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
