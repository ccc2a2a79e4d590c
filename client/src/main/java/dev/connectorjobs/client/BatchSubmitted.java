package dev.connectorjobs.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a batch submit: the valid jobs were stored together; each invalid one is {@code
 * REJECTED} with its field errors, in the order of the request.
 */
public record BatchSubmitted(
        @JsonProperty("accepted") int accepted,
        @JsonProperty("rejected") int rejected,
        @JsonProperty("results") List<Item> results) {

    /**
     * One job of the batch.
     *
     * @param index its position in the request
     * @param taskId its id, or null when rejected
     * @param status {@code PENDING} or {@code REJECTED}
     * @param errors why it was rejected
     */
    public record Item(
            @JsonProperty("index") int index,
            @JsonProperty("task_id") @Nullable UUID taskId,
            @JsonProperty("status") String status,
            @JsonProperty("errors") @Nullable List<FieldError> errors) {}
}
