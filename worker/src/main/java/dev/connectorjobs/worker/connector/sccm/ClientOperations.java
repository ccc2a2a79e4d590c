package dev.connectorjobs.worker.connector.sccm;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code run_client_operation}: {@code POST /AdminService/wmi/SMS_ClientOperation.InitiateClientOperation}
 * (the static WMI method, callable over the AdminService since version 1910) with {@code {"Type",
 * "TargetCollectionID", "RandomizationWindow", "TargetResourceIDs"}}, which makes the site push a
 * client notification to the collection's clients. The answer {@code {"OperationID", "ReturnValue"}}
 * becomes the result {@code {"operation_id", "action", "type", "collection_id"}}; its progress is
 * {@code SMS_ClientOperationStatus(<id>)}. A non-zero {@code ReturnValue} fails the job permanently.
 *
 * <p>The actions are the client notifications ({@link #ACTIONS}) and nothing else: the numbers are
 * those of the Configuration Manager cmdlets' {@code ClientNotification...Now} action types (8
 * machine policy ... 14 software update evaluation). Microsoft documents the method's parameters but
 * not a table of {@code Type} values, so these come from the PowerShell module and community
 * references; restart, wake-up and Endpoint Protection actions are left out on purpose.
 *
 * <p>Retries. The site takes no idempotency key, and the HTTP client never re-sends a POST; a job
 * retry after a lost answer sends the notification again. That is safe for every offered action: a
 * notification only asks clients to run now a cycle they run on a schedule anyway, and a second one
 * asks again. So failures keep their ordinary classification.
 */
final class ClientOperations {

    static final String PATH = "/AdminService/wmi/SMS_ClientOperation.InitiateClientOperation";

    /** The offered actions and their {@code Type}. */
    static final Map<String, Integer> ACTIONS = actions();

    private static final Logger log = LoggerFactory.getLogger(ClientOperations.class);
    private static final Pattern COLLECTION_ID = Pattern.compile("[A-Za-z0-9]{3}[0-9A-Fa-f]{5}");

    private ClientOperations() {}

    private static Map<String, Integer> actions() {
        Map<String, Integer> actions = new LinkedHashMap<>();
        actions.put("machine_policy", 8);
        actions.put("user_policy", 9);
        actions.put("discovery_data", 10);
        actions.put("software_inventory", 11);
        actions.put("hardware_inventory", 12);
        actions.put("application_evaluation", 13);
        actions.put("software_update_evaluation", 14);
        return java.util.Collections.unmodifiableMap(actions);
    }

    /** Notifies the job's collection; {@code {"operation_id", "action", "type", "collection_id"}}. */
    static Map<String, Object> run(VendorApi api, JobContext job) {
        Params params = Params.of(job);
        String collection = params.string("collection_id").trim();
        if (!COLLECTION_ID.matcher(collection).matches()) {
            throw invalid("collection_id must be a collection id such as SMS00001 or ABC00012 (a site code and five"
                    + " hexadecimal digits); was '" + abbreviate(collection) + "'");
        }
        String action = params.oneOf("action", List.copyOf(ACTIONS.keySet())).orElse("machine_policy");
        int type = java.util.Objects.requireNonNull(ACTIONS.get(action), action);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Type", type);
        body.put("TargetCollectionID", collection);
        params.optionalInteger("randomization_window").ifPresent(window -> body.put("RandomizationWindow", window));
        List<Long> resources = resourceIds(job.params().get("resource_ids"));
        if (!resources.isEmpty()) {
            body.put("TargetResourceIDs", resources);
        }
        VendorResponse answer = api.send(VendorRequest.post(PATH, body), job);
        long returnValue = answer.optionalLong("ReturnValue").orElse(0L);
        if (returnValue != 0) {
            throw ConnectorException.permanent(
                    "ClientOperationRefused",
                    "sccm: " + answer.request() + " returned ReturnValue " + returnValue + " for " + action
                            + " on collection " + collection + "; check that the collection exists and that the"
                            + " account's security role may notify its clients");
        }
        long operation =
                answer.optionalLong("OperationID").orElseThrow(() -> answer.malformed("'OperationID' is missing"));
        log.info(
                "connector=sccm event=client_operation_started action={} collection_id={} operation_id={}",
                action,
                collection,
                operation);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("operation_id", operation);
        result.put("action", action);
        result.put("type", type);
        result.put("collection_id", collection);
        return result;
    }

    private static List<Long> resourceIds(@Nullable Object value) {
        if (value == null) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (@Nullable Object item : list) {
                if (!(item instanceof Number number)
                        || number.doubleValue() != number.longValue()
                        || number.longValue() < 1
                        || number.longValue() > 0xFFFF_FFFFL) {
                    throw invalid(
                            "resource_ids must be a list of ResourceId integers (the source_id of" + " fetch_assets)");
                }
                ids.add(number.longValue());
            }
            return ids;
        }
        throw invalid("resource_ids must be a list of ResourceId integers (the source_id of fetch_assets)");
    }

    private static ConnectorException invalid(String message) {
        return ConnectorErrors.invalidParams(SccmConnector.CONNECTOR, message);
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "...";
    }
}
