package dev.connectorjobs.api.web;

import dev.connectorjobs.model.dispatch.Headers;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request a correlation id: the client's {@code X-Correlation-ID} when it is sane,
 * else a new one. It is in the logging MDC while the request is served, echoed in the response,
 * and stored with any job the request submits.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public final class RequestCorrelation extends OncePerRequestFilter {

    /** Printable ASCII without spaces, up to 128 characters; anything else is replaced. */
    private static final Pattern VALID = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private static final String MDC_KEY = "correlation_id";

    /** The correlation id of the request being served on this thread. */
    public static String current() {
        String id = MDC.get(MDC_KEY);
        return id == null ? UUID.randomUUID().toString() : id;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(Headers.CORRELATION_ID);
        String id = given != null && VALID.matcher(given).matches()
                ? given
                : UUID.randomUUID().toString();
        MDC.put(MDC_KEY, id);
        response.setHeader(Headers.CORRELATION_ID, id);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(MDC_KEY);
        }
    }
}
