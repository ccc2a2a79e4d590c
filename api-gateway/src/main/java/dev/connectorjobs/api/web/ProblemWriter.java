package dev.connectorjobs.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * Writes an RFC 9457 problem document straight to a servlet response, for answers given before
 * Spring MVC runs (security, request limits), in the same shape as {@link ProblemDetailsAdvice}'s.
 */
@Component
public final class ProblemWriter {

    /** Prefix of every problem's {@code type}. */
    public static final String TYPE_BASE = "https://connectorjobs.dev/problems/";

    private final ObjectMapper mapper;

    ProblemWriter(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * Sends the problem unless the response is already committed.
     *
     * @param type the last part of the problem's type URI, e.g. {@code unauthorized}
     */
    public void send(
            HttpServletRequest request,
            HttpServletResponse response,
            int status,
            String type,
            String title,
            String detail)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", TYPE_BASE + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(mapper.writeValueAsBytes(body));
        response.flushBuffer();
    }
}
