package dev.connectorjobs.worker.connector.servicenow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class LinkHeaderTest {

    static final URI PAGE = URI.create("https://acme.service-now.com/api/now/table/incident?sysparm_limit=1");

    @Test
    void the_next_target_is_found_among_first_prev_next_and_last() {
        String header = "<https://acme.service-now.com/api/now/table/incident?sysparm_limit=1&sysparm_fields=number"
                + "&sysparm_offset=0>;rel=\"first\",<https://acme.service-now.com/api/now/table/incident?sysparm_limit=1"
                + "&sysparm_fields=number&sysparm_offset=-1>;rel=\"prev\",<https://acme.service-now.com/api/now/table/"
                + "incident?sysparm_limit=1&sysparm_fields=number&sysparm_offset=1>;rel=\"next\",<https://acme.service"
                + "-now.com/api/now/table/incident?sysparm_limit=1&sysparm_fields=number&sysparm_offset=549>;rel=\"last\"";

        assertThat(LinkHeader.next(header, PAGE))
                .contains(URI.create("https://acme.service-now.com/api/now/table/incident?sysparm_limit=1"
                        + "&sysparm_fields=number&sysparm_offset=1"));
    }

    @Test
    void the_last_page_has_no_next_target() {
        assertThat(LinkHeader.next(
                        "<https://a.example/x?o=0>;rel=\"first\",<https://a.example/x?o=5>;rel=\"prev\"", PAGE))
                .isEmpty();
    }

    @Test
    void commas_in_targets_spaces_unquoted_and_multiple_relations_are_understood() {
        assertThat(LinkHeader.next("<https://a.example/x?f=a,b&o=2>; rel=next", PAGE))
                .contains(URI.create("https://a.example/x?f=a,b&o=2"));
        assertThat(LinkHeader.next("<https://a.example/x?o=2> ; type=\"json\"; rel=\"last next\"", PAGE))
                .contains(URI.create("https://a.example/x?o=2"));
        assertThat(LinkHeader.next("<https://a.example/x?o=2>; rel=\"nextish\"", PAGE))
                .isEmpty();
    }

    @Test
    void a_relative_target_is_resolved_against_the_page() {
        assertThat(LinkHeader.next("</api/now/table/incident?sysparm_offset=1>;rel=\"next\"", PAGE))
                .contains(URI.create("https://acme.service-now.com/api/now/table/incident?sysparm_offset=1"));
    }
}
