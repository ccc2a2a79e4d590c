package dev.connectorjobs.model.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A message on {@code jobs.control}, which every worker reads in full. Workers that apply it record
 * an acknowledgement row ({@code control_acks}) so the API can say how many applied it.
 *
 * @param version message schema version
 * @param requestId id of this request, the key of its acknowledgements
 * @param type what to do
 * @param target the job id (REVOKE) or breaker name (BREAKER_*)
 * @param workerId the only worker that should act, or null for all
 * @param reason why, for logs and audit
 * @param issuedAt when the API sent it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlMessage(
        @JsonProperty("v") int version,
        @JsonProperty("request_id") UUID requestId,
        @JsonProperty("type") ControlType type,
        @JsonProperty("target") String target,
        @JsonProperty("worker_id") @Nullable String workerId,
        @JsonProperty("reason") @Nullable String reason,
        @JsonProperty("issued_at") Instant issuedAt) {

    /** The version this code writes. */
    public static final int CURRENT_VERSION = 1;

    public ControlMessage {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** Whether a worker with id {@code worker} should act on this message. */
    public boolean isFor(String worker) {
        return workerId == null || workerId.equals(worker);
    }
}
