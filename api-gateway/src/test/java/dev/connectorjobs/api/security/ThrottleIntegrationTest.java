package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestInfrastructure;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** An address that presents bad keys too often gets 429, even with a good key, until it has waited. */
class ThrottleIntegrationTest {

    @Test
    void bad_keys_from_one_address_are_throttled_with_retry_after() throws Exception {
        SecuredApi api = SecuredApi.named(
                "throttle", "jobs.security.auth-failure-burst=3", "jobs.security.auth-failures-per-minute=1");
        for (int i = 0; i < 3; i++) {
            assertThat(api.json("GET", "/api/v1/connectors", "cj_guess-" + i, null)
                            .statusCode())
                    .isEqualTo(401);
        }

        HttpResponse<String> throttled = api.json("GET", "/api/v1/connectors", "cj_guess-4", null);
        HttpResponse<String> goodKeyMeanwhile =
                api.json("GET", "/api/v1/connectors", TestInfrastructure.ADMIN_KEY, null);
        HttpResponse<String> noKeyMeanwhile = api.json("GET", "/actuator/health/liveness", null, null);

        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(throttled.headers().firstValue("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(api.body(throttled).get("detail").asString()).contains("retry after");
        assertThat(goodKeyMeanwhile.statusCode()).isEqualTo(429);
        assertThat(noKeyMeanwhile.statusCode()).isEqualTo(200);
    }
}
