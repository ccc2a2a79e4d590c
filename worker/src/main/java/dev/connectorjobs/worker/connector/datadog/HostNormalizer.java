package dev.connectorjobs.worker.connector.datadog;

import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.connector.kit.Inventory.MalformedItemException;
import dev.connectorjobs.worker.connector.kit.ItemFields;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Turns one host of {@code GET /api/v1/hosts} ({@code name, id, aliases, apps, sources, up,
 * last_reported_time, tags_by_source, meta: {platform, agent_version, nixV, winV, macV, ...}}) into a
 * {@link NormalizedAsset}.
 *
 * <p>{@code source_id} is the host's {@code name}: Datadog identifies hosts by name (it is what
 * events, monitors and the mute API take), and the numeric {@code id} is not always there, since for
 * an Amazon EC2 instance Datadog replaces {@code id} with {@code aws_id}; both are kept in the
 * attributes. {@code last_seen} is {@code last_reported_time} (UNIX seconds); {@code os} is {@code
 * meta.platform} ({@code linux}, {@code windows}, {@code darwin}) and {@code os_version} the
 * distribution and version from {@code meta.nixV}, {@code winV} or {@code macV}. The host list
 * carries no IP addresses and no serial number.
 */
final class HostNormalizer {

    NormalizedAsset normalize(JsonNode host, String path) {
        ItemFields.object(host, path);
        JsonNode meta = ItemFields.optionalObject(host, "meta", path);
        Map<String, Object> attributes = new LinkedHashMap<>();
        put(attributes, "id", host.path("id"));
        put(attributes, "aws_id", host.path("aws_id"));
        put(attributes, "host_name", host.path("host_name"));
        put(attributes, "aws_name", host.path("aws_name"));
        put(attributes, "up", host.path("up"));
        put(attributes, "is_muted", host.path("is_muted"));
        put(attributes, "agent_version", meta.path("agent_version"));
        put(attributes, "machine", meta.path("machine"));
        strings(host.path("aliases")).ifNotEmpty(attributes, "aliases");
        strings(host.path("apps")).ifNotEmpty(attributes, "apps");
        strings(host.path("sources")).ifNotEmpty(attributes, "sources");
        tags(host.path("tags_by_source")).ifNotEmpty(attributes, "tags");
        String platform = ItemFields.nonBlankText(meta, "platform", path + ".meta");
        return new NormalizedAsset(
                DatadogConnector.CONNECTOR,
                ItemFields.id(host, "name", path),
                ItemFields.nonBlankText(host, "name", path),
                null,
                platform,
                osVersion(platform, meta),
                List.of(),
                lastReported(host, path),
                attributes);
    }

    private static @Nullable Instant lastReported(JsonNode host, String path) {
        JsonNode time = host.path("last_reported_time");
        if (time.isMissingNode() || time.isNull()) {
            return null;
        }
        if (!time.isIntegralNumber()) {
            throw new MalformedItemException(path + ".last_reported_time is not a UNIX time in seconds");
        }
        return Instant.ofEpochSecond(time.asLong());
    }

    /** {@code ubuntu 22.04} from {@code nixV ["ubuntu", "22.04", ""]}, the version from {@code winV} or {@code macV}. */
    private static @Nullable String osVersion(@Nullable String platform, JsonNode meta) {
        if (platform == null) {
            return null;
        }
        List<String> parts = switch (platform) {
            case "linux" ->
                strings(meta.path("nixV")).values().stream().limit(2).toList();
            case "windows" ->
                strings(meta.path("winV")).values().stream().limit(2).skip(1).toList();
            case "darwin" ->
                strings(meta.path("macV")).values().stream().limit(1).toList();
            default -> List.of();
        };
        String version = String.join(" ", parts).strip();
        return version.isEmpty() ? null : version;
    }

    /** The non-blank strings of an array (nested arrays and other values skipped). */
    private static Strings strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array.isArray() ? array.values() : List.<JsonNode>of()) {
            if (value.isString() && !value.stringValue().isBlank()) {
                values.add(value.stringValue());
            }
        }
        return new Strings(values);
    }

    /** Every tag of every source ({@code tags_by_source: {"Datadog": [...], "Amazon Web Services": [...]}}), sorted, once. */
    private static Strings tags(JsonNode bySource) {
        TreeSet<String> tags = new TreeSet<>();
        bySource.values().forEach(source -> tags.addAll(strings(source).values()));
        return new Strings(List.copyOf(tags));
    }

    private record Strings(List<String> values) {

        void ifNotEmpty(Map<String, Object> attributes, String name) {
            if (!values.isEmpty()) {
                attributes.put(name, values);
            }
        }
    }

    private static void put(Map<String, Object> attributes, String name, JsonNode value) {
        Object plain = ItemFields.plain(value);
        if (plain != null && !(plain instanceof String text && text.isEmpty())) {
            attributes.put(name, plain);
        }
    }
}
