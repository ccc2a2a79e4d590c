package dev.connectorjobs.worker.connector.freshservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class TicketTokenTest {

    @Test
    void the_same_job_always_gets_the_same_tag() {
        UUID job = UUID.fromString("0b6f9d2e-8f0c-4c1e-9a57-3d2b1c0e4f11");

        assertThat(TicketToken.of(job)).isEqualTo(TicketToken.of(UUID.fromString(job.toString())));
    }

    @Test
    void even_the_largest_job_id_fits_the_32_characters_freshworks_allows_a_tag() {
        String tag = TicketToken.of(new UUID(-1L, -1L));

        assertThat(tag).startsWith("cj-").hasSizeLessThanOrEqualTo(32).matches("cj-[0-9a-z]+");
    }

    @Test
    void different_jobs_get_different_tags() {
        assertThat(TicketToken.of(new UUID(0L, 1L))).isNotEqualTo(TicketToken.of(new UUID(1L, 0L)));
    }
}
