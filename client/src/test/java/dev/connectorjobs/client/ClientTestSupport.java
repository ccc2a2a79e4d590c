package dev.connectorjobs.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A WireMock api-gateway and a client of it on fake time, for each test. */
abstract class ClientTestSupport {

    static final String KEY = "k-123";
    static final String PROBLEM = "application/problem+json";

    WireMockServer api;
    FakeTime time;
    ConnectorJobsClient client;

    @BeforeEach
    void startApi() {
        api = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        api.start();
        time = new FakeTime();
        client = ConnectorJobsClient.builder(api.baseUrl(), KEY)
                .clock(time)
                .sleeper(time)
                .build();
    }

    @AfterEach
    void stopApi() {
        api.stop();
    }

    static String status(String id, String status) {
        return """
                {"task_id":"%s","status":"%s","result":%s,"error":null,"progress":null,"connector":"diagnostics",
                 "operation":"echo","queue":"default","attempt":1,"max_retries":3,"timeout_seconds":300,
                 "error_type":null,"result_truncated":false,"created_at":"2026-03-01T09:59:59Z","started_at":null,
                 "finished_at":null,"next_attempt_at":null,"worker_id":null,"correlation_id":"c-1",
                 "revoke_reason":null,"checkpoint":null,"attempts":[]}""".formatted(id, status, status.equals("SUCCESS") ? "{\"hello\":\"world\"}" : "null");
    }
}
