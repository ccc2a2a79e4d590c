package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.ItemFields;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one AWX inventory host ({@code GET /api/v2/hosts/}: {@code id, name, inventory, enabled,
 * description, instance_id, variables, summary_fields}) into a {@link NormalizedAsset}.
 *
 * <p>{@code source_id} is the host's {@code id}: a host name is unique only within its inventory,
 * and the same machine may be in several. The address comes from {@code ansible_host} in the host's
 * {@code variables}, which AWX returns as one string of JSON or YAML; only that one top-level key is
 * read, so no YAML parser is needed. {@code last_seen} is when the host's last job finished: AWX
 * records no other contact with a host.
 */
final class HostNormalizer {

    private static final Pattern YAML_ANSIBLE_HOST =
            Pattern.compile("(?m)^ansible_host\\s*:\\s*[\"']?([^\"'#\\s]+)[\"']?\\s*(#.*)?$");
    private static final Pattern JSON_ANSIBLE_HOST = Pattern.compile("\"ansible_host\"\\s*:\\s*\"([^\"]+)\"");

    NormalizedAsset normalize(JsonNode host, String path) {
        ItemFields.object(host, path);
        String id = ItemFields.integerId(host, "id", path);
        JsonNode lastJob = host.path("summary_fields").path("last_job");
        Map<String, Object> attributes = new LinkedHashMap<>();
        put(attributes, "inventory", host.path("inventory"));
        put(
                attributes,
                "inventory_name",
                host.path("summary_fields").path("inventory").path("name"));
        put(attributes, "enabled", host.path("enabled"));
        put(attributes, "description", host.path("description"));
        put(attributes, "instance_id", host.path("instance_id"));
        put(attributes, "has_active_failures", host.path("has_active_failures"));
        put(attributes, "last_job_id", host.path("last_job"));
        put(attributes, "last_job_status", lastJob.path("status"));
        String address = ansibleHost(ItemFields.nonBlankText(host, "variables", path));
        return new NormalizedAsset(
                AnsibleConnector.CONNECTOR,
                id,
                ItemFields.nonBlankText(host, "name", path),
                null,
                null,
                null,
                address == null ? List.of() : List.of(address),
                ItemFields.time(lastJob, "finished", path + ".summary_fields.last_job"),
                attributes);
    }

    private static @Nullable String ansibleHost(@Nullable String variables) {
        if (variables == null) {
            return null;
        }
        Matcher match = variables.trim().startsWith("{")
                ? JSON_ANSIBLE_HOST.matcher(variables)
                : YAML_ANSIBLE_HOST.matcher(variables);
        return match.find() ? match.group(1) : null;
    }

    private static void put(Map<String, Object> attributes, String name, JsonNode value) {
        if (value.isString() && !value.stringValue().isEmpty()) {
            attributes.put(name, value.stringValue());
        } else if (value.isIntegralNumber()) {
            attributes.put(name, value.asLong());
        } else if (value.isBoolean()) {
            attributes.put(name, value.asBoolean());
        }
    }
}
