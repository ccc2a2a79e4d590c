package dev.connectorjobs.model.asset;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One device or configuration item as every inventory connector reports it, whatever the source
 * system calls its fields. Published to {@code assets.normalized} keyed {@link #key()}.
 *
 * @param source the connector that found it, e.g. {@code servicenow}
 * @param sourceId the id in the source system (sys_id, object id, display id)
 * @param name the device or CI name
 * @param serialNumber the hardware serial number, when the source knows it
 * @param os operating system name
 * @param osVersion operating system version
 * @param ipAddresses known IP addresses (empty when none)
 * @param lastSeen when the source last heard of it or last updated it
 * @param attributes everything else the source reported, by the source's own names
 */
public record NormalizedAsset(
        @JsonProperty("source") String source,
        @JsonProperty("source_id") String sourceId,
        @JsonProperty("name") @Nullable String name,
        @JsonProperty("serial_number") @Nullable String serialNumber,
        @JsonProperty("os") @Nullable String os,
        @JsonProperty("os_version") @Nullable String osVersion,
        @JsonProperty("ip_addresses") List<String> ipAddresses,
        @JsonProperty("last_seen") @Nullable Instant lastSeen,
        @JsonProperty("attributes") Map<String, Object> attributes) {

    /** The Kafka topic every normalized asset is published to. */
    public static final String TOPIC = "assets.normalized";

    public NormalizedAsset {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceId, "sourceId");
        ipAddresses = ipAddresses == null ? List.of() : List.copyOf(ipAddresses);
        attributes = attributes == null ? Map.of() : attributes;
    }

    /** The record key on {@link #TOPIC}: {@code <source>:<source_id>}. */
    public String key() {
        return source + ":" + sourceId;
    }
}
