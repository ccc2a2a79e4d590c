package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The HTTP Event Collector's reading of failed answers, by the status code in its body {@code
 * {"text": "...", "code": n}}:
 *
 * <ul>
 *   <li>1 token disabled, 2 token required, 3 invalid authorization, 4 invalid token (401 or 403;
 *       newer versions also answer 21 and 22 with a 400): permanent {@code AuthenticationFailed}
 *       naming {@code auth.hec-token}. Not a breaker failure: HEC is healthy, the token is wrong.
 *   <li>9 server busy, 18 to 20 unhealthy (503), 8 internal error (500): retryable; HEC took none of
 *       the batch, and the job resumes after the last batch it accepted.
 *   <li>5 no data, 6 invalid data format (with {@code invalid-event-number}), 7 incorrect index, 10
 *       to 16 (channel, event field, acknowledgement): permanent {@code InvalidRequest} with HEC's
 *       text; a retry would send the same events.
 * </ul>
 */
final class HecFailures implements FailureHook {

    /** Codes that mean the token is missing, malformed, unknown or disabled. */
    static final Set<Integer> TOKEN_CODES = Set.of(1, 2, 3, 4, 21, 22);

    private final ObjectMapper mapper;
    private final UnaryOperator<String> mask;

    /** @param mask masks the configured secrets in HEC's words */
    HecFailures(ObjectMapper mapper, UnaryOperator<String> mask) {
        this.mapper = mapper;
        this.mask = mask;
    }

    /** HEC's answer to a failed request: its code (-1 when absent) and text. */
    record Answer(int code, String text, int invalidEvent) {

        String describe() {
            return "HEC code " + code + (text.isEmpty() ? "" : " (" + text + ")");
        }
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        Answer answer = answer(result);
        if (TOKEN_CODES.contains(answer.code()) || status == 401) {
            return Optional.of(ConnectorException.permanent(
                    "AuthenticationFailed",
                    request + ", " + answer.describe() + "; HEC refused the token: set a valid, enabled HEC token in "
                            + SplunkProperties.PREFIX + ".auth.hec-token",
                    status));
        }
        if (status >= 400 && status < 500 && status != 408 && status != 429) {
            String invalid = answer.invalidEvent() >= 0
                    ? "; event " + answer.invalidEvent() + " of the batch is the first HEC refused"
                    : "";
            return Optional.of(ConnectorException.permanent(
                    status == 403 ? "AccessDenied" : "InvalidRequest",
                    request + ", " + answer.describe() + invalid,
                    status));
        }
        return Optional.empty();
    }

    /** 5xx and 429 stay retryable, with HEC's code and text (9: server is busy). */
    @Override
    public ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        Answer answer = answer(result);
        if (answer.code() < 0) {
            return standard;
        }
        String message = standard.getMessage() + ", " + answer.describe();
        return standard.isRetryable()
                ? ConnectorException.retryable(
                        standard.errorType(), message, standard.retryAfter().orElse(null), result.status())
                : ConnectorException.permanent(standard.errorType(), message, result.status());
    }

    Answer answer(HttpResult result) {
        JsonNode body = FailureHook.body(mapper, result);
        if (!body.isObject()) {
            return new Answer(-1, "", -1);
        }
        int code = body.path("code").isIntegralNumber() ? body.path("code").asInt() : -1;
        String text = body.path("text").asString("");
        text = mask.apply(text.length() > SplunkMessages.MAX_TEXT ? text.substring(0, SplunkMessages.MAX_TEXT) : text);
        JsonNode invalid = body.path("invalid-event-number");
        return new Answer(code, text, invalid.isIntegralNumber() ? invalid.asInt() : -1);
    }
}
