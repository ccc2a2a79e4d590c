package dev.connectorjobs.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What a batch run did, line by line counted.
 *
 * @param lines job lines in the file (blank and {@code #} lines not counted)
 * @param created new tasks
 * @param existing lines whose task an earlier run had created (answered from their idempotency key)
 * @param rejected lines the tool or the API refused as invalid
 * @param failed lines not submitted because of an API or network error; rerun to submit them
 * @param problems the first of the rejected and failed lines, with why
 * @param stopped why the run stopped early, or empty
 */
record BatchSummary(
        @JsonProperty("lines") long lines,
        @JsonProperty("created") long created,
        @JsonProperty("existing") long existing,
        @JsonProperty("rejected") long rejected,
        @JsonProperty("failed") long failed,
        @JsonProperty("problems") List<Problem> problems,
        @JsonProperty("stopped") String stopped) {

    /** A line that was rejected or failed. */
    record Problem(
            @JsonProperty("line") long line,
            @JsonProperty("error") String error) {}

    long done() {
        return created + existing + rejected + failed;
    }

    boolean complete() {
        return rejected == 0 && failed == 0 && stopped.isEmpty() && done() == lines;
    }
}
