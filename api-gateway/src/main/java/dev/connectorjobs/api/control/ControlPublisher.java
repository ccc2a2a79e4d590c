package dev.connectorjobs.api.control;

import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.model.dispatch.Topics;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Sends control messages on {@code jobs.control}, which every worker reads. */
@Component
public final class ControlPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final ObjectMapper mapper;
    private final Clock clock;

    ControlPublisher(KafkaTemplate<String, byte[]> kafka, ObjectMapper mapper, Clock clock) {
        this.kafka = kafka;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Publishes a control message.
     *
     * @param workerId the only worker that should act, or null for all
     * @return the message, and a future that completes when the broker acknowledged it
     */
    public Sent publish(ControlType type, String target, @Nullable String workerId, @Nullable String reason) {
        ControlMessage message = new ControlMessage(
                ControlMessage.CURRENT_VERSION, UUID.randomUUID(), type, target, workerId, reason, clock.instant());
        CompletableFuture<?> ack = kafka.send(Topics.CONTROL_TOPIC, target, mapper.writeValueAsBytes(message));
        return new Sent(message, ack);
    }

    /** A sent control message. */
    public record Sent(ControlMessage message, CompletableFuture<?> acknowledged) {}
}
