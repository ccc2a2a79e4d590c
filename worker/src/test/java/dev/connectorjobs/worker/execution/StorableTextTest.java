package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

class StorableTextTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void a_nul_in_text_becomes_the_six_characters_of_its_escape() {
        assertThat(StorableText.text("a\0b\0")).isEqualTo("a\\u0000b\\u0000");
    }

    @Test
    void text_without_a_nul_is_returned_as_it_is() {
        String text = "plain \\u0000 text, ünïcödé and \n a line break";

        assertThat(StorableText.text(text)).isSameAs(text);
    }

    @Test
    void a_nul_in_json_keys_and_values_reads_back_as_the_six_characters_of_its_escape() {
        String json = JSON.writeValueAsString(Map.of("k\0ey", "va\0lue", "list", List.of("\0")));

        String storable = StorableText.json(json);

        assertThat(storable).doesNotContain("\0");
        assertThat(JSON.readTree(storable).get("k\\u0000ey").asString()).isEqualTo("va\\u0000lue");
        assertThat(JSON.readTree(storable).get("list").get(0).asString()).isEqualTo("\\u0000");
    }

    static Stream<Arguments> escapes() {
        return Stream.of(
                arguments(
                        "an escaped backslash, then the letters u0000",
                        "{\"a\":\"\\\\u0000\"}",
                        "{\"a\":\"\\\\u0000\"}"),
                arguments("an escaped backslash, then a NUL", "{\"a\":\"\\\\\\u0000\"}", "{\"a\":\"\\\\\\\\u0000\"}"),
                arguments("other escapes", "[\"\\n\\\"\\u0001\\u0000\"]", "[\"\\n\\\"\\u0001\\\\u0000\"]"),
                arguments("a trailing backslash in malformed input", "\\u0000\\", "\\\\u0000\\"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapes")
    void only_nul_escapes_are_rewritten(String what, String json, String storable) {
        assertThat(StorableText.json(json)).isEqualTo(storable);
    }

    @Test
    void a_raw_nul_in_json_text_is_escaped_too() {
        assertThat(StorableText.json("{\"a\":\"x\0y\"}")).isEqualTo("{\"a\":\"x\\\\u0000y\"}");
    }

    @Test
    void making_json_storable_twice_changes_nothing_more() {
        String once = StorableText.json("{\"a\\u0000\":\"\\u0000\\\\u0000\"}");

        assertThat(StorableText.json(once)).isEqualTo(once);
    }

    @Test
    void json_without_a_nul_is_returned_as_it_is() {
        String json = "{\"path\":\"C:\\\\temp\",\"n\":1}";

        assertThat(StorableText.json(json)).isSameAs(json);
    }

    @Test
    void a_failure_keeps_everything_but_the_nul_of_its_type_and_message() {
        Outcome.Failed failure = new Outcome.Failed(
                "Bad\0Type", "the service said \0", true, Optional.of(Duration.ofSeconds(3)), Optional.of(503), false);

        Outcome.Failed storable = StorableText.failure(failure);

        assertThat(storable)
                .isEqualTo(new Outcome.Failed(
                        "Bad\\u0000Type",
                        "the service said \\u0000",
                        true,
                        Optional.of(Duration.ofSeconds(3)),
                        Optional.of(503),
                        false));
    }

    @Test
    void a_failure_without_a_nul_is_returned_as_it_is() {
        Outcome.Failed failure = Outcome.Failed.permanent("InvalidRequest", "nothing to escape");

        assertThat(StorableText.failure(failure)).isSameAs(failure);
    }
}
