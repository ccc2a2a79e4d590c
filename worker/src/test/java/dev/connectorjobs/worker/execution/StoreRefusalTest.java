package dev.connectorjobs.worker.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;

class StoreRefusalTest {

    @Test
    void a_data_exception_inside_a_batch_failure_gives_the_servers_one_line_message() {
        SQLException server = new SQLException(
                "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00\n  Where: unnamed portal parameter $1",
                "22021");
        BatchUpdateException batch = new BatchUpdateException(
                "Batch entry 0 UPDATE jobs SET error_message = ('secret\0') was aborted",
                "22021",
                0,
                new int[0],
                server);
        batch.setNextException(server);

        assertThat(StoreRefusal.reason(new DataIntegrityViolationException("update failed", batch)))
                .contains("SQLSTATE 22021: invalid byte sequence for encoding \"UTF8\": 0x00");
    }

    @Test
    void a_data_exception_found_only_as_a_next_exception_counts() {
        SQLException wrapper = new SQLException("batch failed", "XX000");
        wrapper.setNextException(new SQLException("ERROR: value overflows numeric format", "22003"));

        assertThat(StoreRefusal.reason(new RuntimeException(wrapper)))
                .contains("SQLSTATE 22003: value overflows numeric format");
    }

    @Test
    void a_long_message_is_cut_and_a_nul_in_it_escaped() {
        String reason = StoreRefusal.reason(new SQLException("ERROR: bad \0 " + "x".repeat(500), "22P02"))
                .orElseThrow();

        assertThat(reason)
                .startsWith("SQLSTATE 22P02: bad \\u0000 xxx")
                .endsWith("...")
                .hasSizeLessThan(230);
    }

    @Test
    void an_unreachable_database_is_no_refusal() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");

        assertThat(StoreRefusal.reason(new DataAccessResourceFailureException("lost", lost)))
                .isEmpty();
    }

    @Test
    void errors_outside_the_data_exception_class_are_no_refusal() {
        SQLException undefinedTable = new SQLException("ERROR: relation \"jobz\" does not exist", "42P01");

        assertThat(StoreRefusal.reason(new BadSqlGrammarException("update", "UPDATE jobz", undefinedTable)))
                .isEmpty();
        assertThat(StoreRefusal.reason(new IllegalStateException("no SQL at all")))
                .isEmpty();
    }
}
