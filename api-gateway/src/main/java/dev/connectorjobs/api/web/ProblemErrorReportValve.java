package dev.connectorjobs.api.web;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;

/**
 * Tomcat's answer to a request it refuses before the application sees it (a path with an encoded
 * NUL or bytes that are not UTF-8, a malformed request line), as a problem document instead of
 * Tomcat's HTML page. Answers the application gives are left alone.
 */
public final class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, @Nullable Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = status == 400
                ? "The server could not read the request: its path or query is not valid (for example an encoded"
                        + " NUL, bytes that are not UTF-8, or characters not allowed in a URL). Send a plain"
                        + " path and percent-encode query values as UTF-8."
                : "The server could not serve the request (HTTP " + status + ").";
        String body = "{\"type\":\"" + ProblemWriter.TYPE_BASE + "malformed-request\",\"title\":\"Malformed request\","
                + "\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the answer was already sent; nothing more can be said
        }
    }
}
