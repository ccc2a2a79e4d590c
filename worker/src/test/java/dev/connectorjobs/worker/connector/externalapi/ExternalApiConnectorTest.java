package dev.connectorjobs.worker.connector.externalapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.testing.SettableClock;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.http.HttpProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ExternalApiConnectorTest {

    private final SettableClock clock = SettableClock.atNow();
    private final ServiceHttpClients clients =
            new ServiceHttpClients(new HttpProperties(null, null), Breakers.registry(clock, Map.of()), clock);

    @AfterEach
    void close() {
        clients.close();
    }

    private ExternalApiConnector connector(Map<String, String> properties) {
        return new ExternalApiConnector(
                ExternalApiPropertiesTest.bind(properties),
                clients,
                JsonMapper.builder().build());
    }

    private static JobContext job(String operation, Map<String, Object> params) {
        FakeJobContext job = FakeJobContext.aJob("external_api", operation);
        params.forEach(job::param);
        return job;
    }

    @Test
    void it_declares_the_catalogue_entry_guarded_by_its_own_breaker() {
        assertThat(connector(Map.of()).descriptor()).isEqualTo(BuiltInConnectors.EXTERNAL_API);
        assertThat(BuiltInConnectors.EXTERNAL_API.breaker()).contains("external_api");
        assertThat(BuiltInConnectors.all()).contains(BuiltInConnectors.EXTERNAL_API);
    }

    @Test
    void without_a_base_url_jobs_fail_permanently_naming_the_property_to_set() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector(Map.of()).execute(job("request", Map.of("method", "GET", "path", "/health"))));

        assertThat(failure.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage()).contains("jobs.connectors.external-api.base-url");
    }

    @Test
    void an_unknown_operation_fails_permanently() {
        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> connector(Map.of("jobs.connectors.external_api.base-url", "http://127.0.0.1:9"))
                        .execute(job("delete_everything", Map.of())));

        assertThat(failure.errorType()).isEqualTo("UnknownOperation");
    }
}
