package dev.connectorjobs.worker.connector.activedirectory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Active Directory's encodings: Windows file times, generalized times, GUIDs and account flags. */
class AdValuesTest {

    @Test
    void a_windows_file_time_counts_100_nanoseconds_from_1601() {
        assertThat(AdValues.fileTime("132539328000000000")).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(AdValues.fileTime("133456789012345678")).isEqualTo(Instant.parse("2023-11-28T21:01:41.2345678Z"));
        assertThat(AdValues.fileTime("116444736000000000")).isEqualTo(Instant.EPOCH);
    }

    @Test
    void zero_and_the_largest_file_time_mean_never() {
        assertThat(AdValues.fileTime("0")).isNull();
        assertThat(AdValues.fileTime("9223372036854775807")).isNull();
    }

    @Test
    void a_file_time_that_is_no_integer_is_refused() {
        assertThatThrownBy(() -> AdValues.fileTime("yesterday")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void file_times_convert_back_and_forth() {
        Instant instant = Instant.parse("2026-11-30T07:59:00.1234567Z");

        assertThat(AdValues.fileTime(Long.toString(AdValues.fileTime(instant)))).isEqualTo(instant);
    }

    @Test
    void a_generalized_time_is_read_as_an_instant() throws Exception {
        assertThat(AdValues.generalizedTime("20261102174512.0Z")).isEqualTo(Instant.parse("2026-11-02T17:45:12Z"));
    }

    @Test
    void an_object_guid_shows_its_first_three_groups_little_endian_as_windows_does() {
        byte[] stored = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10
        };

        assertThat(AdValues.guid(stored)).isEqualTo("04030201-0605-0807-090a-0b0c0d0e0f10");
        assertThat(AdValues.guid(new byte[8])).isNull();
    }

    @Test
    void account_control_flags_are_named_as_microsoft_documents_them() {
        assertThat(AccountControl.names(514)).containsExactly("ACCOUNTDISABLE", "NORMAL_ACCOUNT");
        assertThat(AccountControl.names(4096)).containsExactly("WORKSTATION_TRUST_ACCOUNT");
        assertThat(AccountControl.names(0x10200)).containsExactly("NORMAL_ACCOUNT", "DONT_EXPIRE_PASSWORD");
        assertThat(AccountControl.names(532480)).containsExactly("SERVER_TRUST_ACCOUNT", "TRUSTED_FOR_DELEGATION");
        assertThat(AccountControl.ACCOUNTDISABLE.in(514)).isTrue();
        assertThat(AccountControl.ACCOUNTDISABLE.in(512)).isFalse();
    }
}
