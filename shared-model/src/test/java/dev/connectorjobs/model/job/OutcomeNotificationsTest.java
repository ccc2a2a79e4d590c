package dev.connectorjobs.model.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OutcomeNotificationsTest {

    @Test
    void a_batch_is_named_in_payloads_under_postgresqls_cap_that_read_back_to_the_same_ids_in_order() {
        List<UUID> ids =
                IntStream.range(0, 450).mapToObj(i -> UUID.randomUUID()).toList();

        List<String> payloads = OutcomeNotifications.payloads(ids);

        assertThat(payloads).hasSize(3);
        assertThat(payloads)
                .allSatisfy(payload -> assertThat(payload.getBytes(StandardCharsets.UTF_8).length)
                        .isLessThan(8000));
        assertThat(payloads.stream()
                        .flatMap(payload -> OutcomeNotifications.ids(payload).orElseThrow().stream())
                        .toList())
                .containsExactlyElementsOf(ids);
    }

    @Test
    void no_ids_send_no_notification() {
        assertThat(OutcomeNotifications.payloads(List.of())).isEmpty();
    }

    @Test
    void an_empty_or_unreadable_payload_names_no_jobs_so_the_listener_checks_them_all() {
        UUID id = UUID.randomUUID();

        assertThat(OutcomeNotifications.ids("")).isEmpty();
        assertThat(OutcomeNotifications.ids(id + ",not-an-id")).isEmpty();
        assertThat(OutcomeNotifications.ids(id.toString())).contains(Set.of(id));
    }
}
