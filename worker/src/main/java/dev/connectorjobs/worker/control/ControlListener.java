package dev.connectorjobs.worker.control;

import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.model.dispatch.Topics;
import dev.connectorjobs.worker.config.WorkerProperties;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads every control message (each worker has a consumer group of its own and starts at the
 * latest offset: control is about now, and durable state such as revocation lives in PostgreSQL),
 * applies it through its handler, and records this worker's acknowledgement.
 */
@Component
class ControlListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final Map<ControlType, ControlHandler> handlers = new EnumMap<>(ControlType.class);
    private final ObjectMapper mapper;
    private final JdbcTemplate jdbc;
    private final WorkerProperties properties;
    private final Clock clock;

    ControlListener(
            List<ControlHandler> handlers,
            ObjectMapper mapper,
            JdbcTemplate jdbc,
            WorkerProperties properties,
            Clock clock) {
        for (ControlHandler handler : handlers) {
            for (ControlType type : handler.types()) {
                if (this.handlers.put(type, handler) != null) {
                    throw new IllegalStateException("Two control handlers for " + type);
                }
            }
        }
        this.mapper = mapper;
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    @KafkaListener(
            id = "control",
            topics = Topics.CONTROL_TOPIC,
            groupId = "#{'jobs-control-' + @workerTopics.workerId()}",
            containerFactory = "controlContainerFactory",
            properties = "auto.offset.reset=latest")
    void onMessage(ConsumerRecord<String, byte[]> record) {
        ControlMessage message;
        try {
            message = mapper.readValue(record.value(), ControlMessage.class);
        } catch (RuntimeException e) {
            log.warn("Skipping unreadable control record at offset {}: {}", record.offset(), e.toString());
            return;
        }
        if (!message.isFor(properties.workerId())) {
            return;
        }
        ControlHandler handler = handlers.get(message.type());
        ControlHandler.Result result = handler == null
                ? new ControlHandler.Result(false, "this worker has no handler for " + message.type())
                : apply(handler, message);
        log.info(
                "Control {} {} (request {}): applied={} {}",
                message.type(),
                message.target(),
                message.requestId(),
                result.applied(),
                result.detail());
        acknowledge(message, result);
    }

    private static ControlHandler.Result apply(ControlHandler handler, ControlMessage message) {
        try {
            return handler.apply(message);
        } catch (RuntimeException e) {
            return new ControlHandler.Result(false, "failed: " + e.getMessage());
        }
    }

    private void acknowledge(ControlMessage message, ControlHandler.Result result) {
        try {
            jdbc.update(
                    """
                    INSERT INTO control_acks (request_id, worker_id, type, target, applied, detail, acked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (request_id, worker_id) DO NOTHING
                    """,
                    message.requestId(),
                    properties.workerId(),
                    message.type().name(),
                    message.target(),
                    result.applied(),
                    result.detail(),
                    Timestamp.from(clock.instant()));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not record the acknowledgement of control request {}: {}",
                    message.requestId(),
                    e.toString());
        }
    }
}
