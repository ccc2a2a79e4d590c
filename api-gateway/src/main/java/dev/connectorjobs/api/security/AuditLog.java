package dev.connectorjobs.api.security;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Who did what and when: a row in {@code audit_log} and a log line, for every sensitive action. */
@Component
public final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("audit");

    private final JdbcClient jdbc;
    private final ObjectMapper mapper;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, ObjectMapper mapper, Clock clock) {
        this.jdbc = jdbc;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * Records an action by the current client.
     *
     * @param action e.g. {@code task.revoke}, {@code breaker.reset}, {@code api_key.create}
     * @param target what it was done to (task id, breaker name, key id)
     * @param detail extra facts; never secrets
     */
    public void record(String action, String target, Map<String, ?> detail) {
        ApiClient actor = CurrentClient.get().orElse(null);
        String actorName = actor == null ? "anonymous" : actor.name();
        log.info(
                "actor={} actor_id={} action={} target={} detail={}",
                actorName,
                actor == null ? null : actor.keyId(),
                action,
                target,
                detail);
        jdbc.sql("""
                        INSERT INTO audit_log (at, actor_id, actor_name, action, target, detail)
                        VALUES (:at, :actorId, :actorName, :action, :target, :detail::jsonb)
                        """)
                .param("at", Timestamp.from(clock.instant()))
                .param("actorId", actor == null ? null : actor.keyId())
                .param("actorName", actorName)
                .param("action", action)
                .param("target", target)
                .param("detail", mapper.writeValueAsString(detail))
                .update();
    }

    /**
     * One recorded action.
     *
     * @param detail the extra facts, as JSON text
     */
    public record Entry(
            long id,
            Instant at,
            String actorName,
            String action,
            @Nullable String target,
            @Nullable String detail) {}

    /**
     * The newest {@code limit} entries older than entry {@code beforeId} (all when null), newest
     * first: keyset paging on the primary key, which grows with time.
     */
    public List<Entry> recent(@Nullable Long beforeId, int limit) {
        return jdbc.sql("""
                        SELECT id, at, actor_name, action, target, detail::text AS detail FROM audit_log
                         WHERE id < :before ORDER BY id DESC LIMIT :limit
                        """)
                .param("before", beforeId == null ? Long.MAX_VALUE : beforeId)
                .param("limit", limit)
                .query((rs, n) -> new Entry(
                        rs.getLong("id"),
                        rs.getTimestamp("at").toInstant(),
                        rs.getString("actor_name"),
                        rs.getString("action"),
                        rs.getString("target"),
                        rs.getString("detail")))
                .list();
    }
}
