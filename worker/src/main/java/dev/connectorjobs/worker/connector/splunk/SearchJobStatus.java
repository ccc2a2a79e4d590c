package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.connector.kit.VendorResponse;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * One look at a search job, from {@code GET /services/search/jobs/{sid}?output_mode=json}: {@code
 * {"entry": [{"name", "content": {"sid", "dispatchState", "isDone", "isFailed", "doneProgress",
 * "resultCount", "runDuration", "messages", ...}}]}}. Splunk writes the flags as JSON booleans, older
 * versions as {@code "1"}/{@code "0"}; both are read.
 *
 * @param dispatchState {@code QUEUED}, {@code PARSING}, {@code RUNNING}, {@code FINALIZING}, {@code
 *     PAUSED}, {@code DONE} or {@code FAILED}
 * @param done {@code isDone}: the results are final
 * @param failed {@code isFailed}, or the state {@code FAILED}
 * @param progress {@code doneProgress}, 0 to 1
 * @param resultCount {@code resultCount}: how many results the job has (when done)
 * @param runDuration {@code runDuration} in seconds
 * @param messages the job's warnings and errors, errors first
 */
record SearchJobStatus(
        String dispatchState,
        boolean done,
        boolean failed,
        double progress,
        long resultCount,
        double runDuration,
        String messages) {

    /** The status in {@code answer}; {@code MalformedResponse} naming the field when it is not shaped as documented. */
    static SearchJobStatus of(VendorResponse answer) {
        JsonNode content = answer.object("/entry/0/content");
        JsonNode state = content.path("dispatchState");
        if (!state.isString() || state.stringValue().isBlank()) {
            throw answer.malformed("'entry.0.content.dispatchState' is missing");
        }
        String dispatchState = state.stringValue().toUpperCase(Locale.ROOT);
        return new SearchJobStatus(
                dispatchState,
                flag(content.path("isDone")),
                flag(content.path("isFailed")) || dispatchState.equals("FAILED"),
                Math.clamp(number(content.path("doneProgress")), 0, 1),
                (long) number(content.path("resultCount")),
                number(content.path("runDuration")),
                SplunkMessages.text(content.path("messages")));
    }

    /** Progress in percent, for the job's progress report. */
    long percent() {
        return Math.round(progress * 100);
    }

    private static boolean flag(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asString("").trim();
        return text.equals("1") || text.equalsIgnoreCase("true");
    }

    private static double number(JsonNode value) {
        if (value.isNumber()) {
            return value.asDouble();
        }
        try {
            return Double.parseDouble(value.asString("0").trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
