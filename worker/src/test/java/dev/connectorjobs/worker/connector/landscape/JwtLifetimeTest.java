package dev.connectorjobs.worker.connector.landscape;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JwtLifetimeTest {

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Instant now = Instant.parse("2026-12-03T08:00:00Z");

    @Test
    void a_token_is_renewed_a_minute_before_its_exp_claim() {
        String jwt = LandscapeStub.jwt("t", now.plus(Duration.ofHours(24)));

        assertThat(JwtLifetime.renewAt(jwt, now, mapper))
                .isEqualTo(now.plus(Duration.ofHours(24)).minusSeconds(60));
    }

    @Test
    void a_short_lived_token_keeps_nine_tenths_of_its_life_and_an_expired_one_is_renewed_at_once() {
        assertThat(JwtLifetime.renewAt(LandscapeStub.jwt("t", now.plusSeconds(100)), now, mapper))
                .isEqualTo(now.plusSeconds(90));
        assertThat(JwtLifetime.renewAt(LandscapeStub.jwt("t", now.minusSeconds(1)), now, mapper))
                .isEqualTo(now);
    }

    @Test
    void a_token_without_a_readable_exp_is_kept_until_landscape_refuses_it() {
        assertThat(JwtLifetime.renewAt("opaque-session-token", now, mapper)).isEqualTo(Instant.MAX);
        assertThat(JwtLifetime.renewAt("a.%%%.c", now, mapper)).isEqualTo(Instant.MAX);
        assertThat(JwtLifetime.renewAt("eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0.c2ln", now, mapper))
                .isEqualTo(Instant.MAX);
    }
}
