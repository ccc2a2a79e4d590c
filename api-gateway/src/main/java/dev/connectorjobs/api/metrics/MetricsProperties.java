package dev.connectorjobs.api.metrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The api-gateway's job metrics ({@code jobs.api.metrics.*}).
 *
 * @param backlogInterval how often the backlog gauges ({@code jobs.ready}, {@code jobs.running},
 *     {@code jobs.held}, ...) are read from PostgreSQL, by one grouped query; scrapes in between
 *     read the last result. Default 15 s
 */
@ConfigurationProperties("jobs.api.metrics")
public record MetricsProperties(@DefaultValue("15s") Duration backlogInterval) {

    /**
     * The name of this bean (Spring names a bound record {@code <prefix>-<class name>}), for the
     * {@code @Scheduled} expression that reads its interval.
     */
    static final String BEAN = "jobs.api.metrics-dev.connectorjobs.api.metrics.MetricsProperties";

    public MetricsProperties {
        if (backlogInterval.isNegative() || backlogInterval.isZero()) {
            throw new IllegalArgumentException(
                    "jobs.api.metrics.backlog-interval must be positive, e.g. 15s; it was " + backlogInterval);
        }
    }
}
