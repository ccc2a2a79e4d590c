package dev.connectorjobs.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternsTest {

    @ParameterizedTest
    @CsvSource({
        "hooks.example.com, hooks.example.com, true",
        "hooks.example.com, evil-hooks.example.com, false",
        "*.example.com, a.example.com, true",
        "*.example.com, a.b.example.com, true",
        "*.example.com, example.com, false",
        "*.example.com, badexample.com, false",
        "*.example.com, example.com.evil.net, false",
        "10.1.2.3, 10.1.2.3, true",
        "10.1.2.3, 10.1.2.30, false",
        "::1, ::1, true"
    })
    void matches_exact_hosts_and_hosts_below_a_domain(String pattern, String host, boolean matches) {
        assertThat(HostPatterns.matches(HostPatterns.normalize(pattern), HostPatterns.normalize(host)))
                .isEqualTo(matches);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "*.", "a..b", "-a.com", "a b", "a/b", "*.*.com", "a.com:80", "é.com", "x\u0000y"})
    void refuses_what_is_not_a_host_an_address_or_star_dot_domain(String pattern) {
        assertThat(HostPatterns.isValid(HostPatterns.normalize(pattern))).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hooks.Example.COM.", "[::1]", "10.0.0.1", "*.corp.example", "localhost"})
    void accepts_host_names_addresses_and_domains_in_any_case(String pattern) {
        assertThat(HostPatterns.isValid(HostPatterns.normalize(pattern))).isTrue();
    }
}
