package dev.connectorjobs.worker.connector.defender;

import static dev.connectorjobs.worker.connector.defender.DefenderConnector.CONNECTOR;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.Params;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * {@code tag_machine}: {@code POST /api/machines/{id}/tags} with {@code {"Value": tag, "Action":
 * "Add"|"Remove"}}; Defender answers 200 with the machine, whose {@code machineTags} the result
 * returns.
 *
 * <p>Safe to retry as it is: adding a tag the machine has, or removing one it lacks, changes nothing,
 * so a retry after a lost answer ends in the same tags as one request. The machine id is checked to
 * be 40 hexadecimal digits before it goes into the path; a machine Defender does not know (404) fails
 * permanently with {@code NotFound} naming it.
 */
final class MachineTags {

    /** Longest tag accepted: Defender's portal limits tags to 200 characters. */
    static final int MAX_TAG = 200;

    private MachineTags() {}

    static Map<String, Object> tag(VendorApi api, JobContext job) {
        Params params = Params.of(job);
        String id = MicrosoftIds.check(
                CONNECTOR.name(),
                "machine_id",
                params.string("machine_id"),
                MicrosoftIds.MACHINE_ID,
                "1e5bc9d7e413ddd7902c2932e418702b84d0cc07");
        String tag = params.string("tag");
        if (tag.length() > MAX_TAG || tag.chars().anyMatch(Character::isISOControl)) {
            throw ConnectorErrors.invalidParams(
                    CONNECTOR.name(), "tag must be at most " + MAX_TAG + " characters without control characters");
        }
        String action = params.oneOf("action", List.of("Add", "Remove")).orElse("Add");
        Map<String, String> body = new LinkedHashMap<>();
        body.put("Value", tag);
        body.put("Action", action);
        VendorResponse machine = api.send(
                VendorRequest.post(Machines.PATH + "/" + id + "/tags", body).handling(404), job);
        if (machine.status() == 404) {
            throw ConnectorException.permanent(
                    "NotFound",
                    CONNECTOR.name() + ": Defender has no machine " + id + " (" + machine.request() + " answered 404);"
                            + " check machine_id: it is the machine's id (source_id of fetch_assets)",
                    404);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("machine_id", id);
        result.put("tag", tag);
        result.put("action", action);
        result.put("machine_tags", tags(machine));
        return result;
    }

    private static List<String> tags(VendorResponse machine) {
        JsonNode tags = machine.at("machineTags");
        List<String> names = new ArrayList<>();
        if (tags.isMissingNode() || tags.isNull()) {
            return names;
        }
        for (JsonNode tag : machine.array("machineTags")) {
            if (!tag.isString()) {
                throw machine.malformed("'machineTags' is not a list of strings");
            }
            names.add(tag.stringValue());
        }
        return names;
    }
}
