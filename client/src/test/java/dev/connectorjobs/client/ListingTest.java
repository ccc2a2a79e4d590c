package dev.connectorjobs.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Keyset paging of the task listing as an iterator and a stream. */
class ListingTest extends ClientTestSupport {

    private static final String PATH = "/api/v1/admin/tasks";

    @Test
    void the_iterator_follows_next_cursor_until_the_last_page_with_the_filters_on_every_request() {
        stubPage(null, "c1", 1, 2);
        stubPage("c1", "c2", 3, 4);
        stubPage("c2", null, 5, 5);

        Iterator<TaskSummary> tasks = client.list(TaskQuery.all()
                .status("FAILURE")
                .connector("servicenow")
                .since(Instant.parse("2026-01-01T00:00:00Z"))
                .pageSize(2));
        List<String> operations = new java.util.ArrayList<>();
        tasks.forEachRemaining(t -> operations.add(t.operation()));

        assertThat(operations).containsExactly("op1", "op2", "op3", "op4", "op5");
        api.verify(
                3,
                getRequestedFor(urlPathEqualTo(PATH))
                        .withQueryParam("status", equalTo("FAILURE"))
                        .withQueryParam("connector", equalTo("servicenow"))
                        .withQueryParam("since", equalTo("2026-01-01T00:00:00Z"))
                        .withQueryParam("limit", equalTo("2")));
    }

    @Test
    void a_stream_limited_to_the_first_page_reads_only_that_page() {
        stubPage(null, "c1", 1, 2);
        stubPage("c1", null, 3, 4);

        List<String> first = client.stream(TaskQuery.all().pageSize(2))
                .limit(2)
                .map(TaskSummary::operation)
                .toList();

        assertThat(first).containsExactly("op1", "op2");
        api.verify(1, getRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void an_empty_listing_has_no_tasks() {
        stubPage(null, null, 1, 0);

        assertThat(client.list(TaskQuery.all()).hasNext()).isFalse();
    }

    private void stubPage(String cursor, String next, int from, int to) {
        String tasks = IntStream.rangeClosed(from, to)
                .mapToObj(i -> """
                        {"task_id":"0195a0b0-0000-7000-8000-%012d","status":"FAILURE","connector":"servicenow",
                         "operation":"op%d","queue":"default","attempt":1,"created_at":"2026-02-01T00:00:00Z",
                         "started_at":null,"finished_at":null,"worker_id":null,"error_type":"Boom"}""".formatted(i, i))
                .collect(Collectors.joining(","));
        api.stubFor(get(urlPathEqualTo(PATH))
                .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"tasks\":[" + tasks + "],\"next_cursor\":"
                                + (next == null ? "null" : "\"" + next + "\"") + "}")));
    }
}
