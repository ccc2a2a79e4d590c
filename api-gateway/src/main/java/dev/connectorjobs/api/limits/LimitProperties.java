package dev.connectorjobs.api.limits;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits from configuration ({@code jobs.limits.*}), written to PostgreSQL when an api-gateway
 * starts; a limit set through the ADMIN API takes precedence until it is deleted.
 *
 * @param connectors per connector name: {@code jobs.limits.connectors.<connector>.max-concurrent},
 *     {@code .max-starts}, {@code .per-seconds}, and per operation under {@code
 *     .operations.<operation>.*}. No limits by default
 */
@ConfigurationProperties("jobs.limits")
public record LimitProperties(@DefaultValue Map<String, ConnectorLimit> connectors) {

    /**
     * One connector's limit and its operations' limits.
     *
     * @param maxConcurrent most jobs of the connector running at once across all workers; none by default
     * @param maxStarts most jobs of the connector started per {@code per-seconds}; none by default
     * @param perSeconds the window of {@code max-starts}, in seconds
     * @param operations limits of single operations, by operation name
     */
    public record ConnectorLimit(
            @Nullable Integer maxConcurrent,
            @Nullable Integer maxStarts,
            @Nullable Integer perSeconds,
            @DefaultValue Map<String, OperationLimit> operations) {}

    /**
     * One operation's limit.
     *
     * @param maxConcurrent most jobs of the operation running at once across all workers
     * @param maxStarts most jobs of the operation started per {@code per-seconds}
     * @param perSeconds the window of {@code max-starts}, in seconds
     */
    public record OperationLimit(
            @Nullable Integer maxConcurrent,
            @Nullable Integer maxStarts,
            @Nullable Integer perSeconds) {}
}
