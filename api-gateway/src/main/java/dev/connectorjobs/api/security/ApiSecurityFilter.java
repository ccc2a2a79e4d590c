package dev.connectorjobs.api.security;

import dev.connectorjobs.api.web.RequestTooLargeException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Guards {@code /api/**}: the request body size, then the API key ({@code Authorization: Bearer
 * <key>}), then the role the route needs. Liveness, readiness and the API documentation are not
 * under {@code /api} and need no key. Failures are RFC 9457 problem documents.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class ApiSecurityFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";
    private static final int BATCH_BODY_FACTOR = 16;

    private final ApiKeys keys;
    private final SecurityProperties properties;
    private final ObjectMapper mapper;

    ApiSecurityFilter(ApiKeys keys, SecurityProperties properties, ObjectMapper mapper) {
        this.keys = keys;
        this.properties = properties;
        this.mapper = mapper;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = properties.maxRequestBody().toBytes()
                * (request.getRequestURI().endsWith(":batch") ? BATCH_BODY_FACTOR : 1);
        if (request.getContentLengthLong() > limit) {
            problem(
                    response,
                    request,
                    413,
                    "payload-too-large",
                    "Payload too large",
                    "The request body is " + request.getContentLengthLong() + " bytes; the limit is " + limit
                            + " bytes. Send less data or split the request.");
            return;
        }
        Optional<ApiClient> client = authenticate(request);
        if (client.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"connector-jobs\"");
            String header = request.getHeader("Authorization");
            problem(
                    response,
                    request,
                    401,
                    "unauthorized",
                    "Unauthorized",
                    header == null
                            ? "Send an API key as 'Authorization: Bearer <key>'; an admin creates keys with POST"
                                    + " /api/v1/admin/api-keys"
                            : "The API key is not valid or has been revoked; ask an admin for a valid key");
            return;
        }
        if (requiresAdmin(request) && !client.get().isAdmin()) {
            problem(
                    response,
                    request,
                    403,
                    "forbidden",
                    "Forbidden",
                    "This operation needs an ADMIN key; the key '"
                            + client.get().name() + "' has role " + client.get().role());
            return;
        }
        request.setAttribute(CurrentClient.ATTRIBUTE, client.get());
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private Optional<ApiClient> authenticate(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String key = header.substring(BEARER.length()).trim();
        return key.isEmpty() || key.length() > 200 ? Optional.empty() : keys.authenticate(key);
    }

    /** Routes only an ADMIN may call; everything else under /api needs any valid key. */
    static boolean requiresAdmin(HttpServletRequest request) {
        String path = request.getRequestURI();
        if (path.startsWith("/api/v1/admin/api-keys")) {
            return true;
        }
        return HttpMethod.POST.matches(request.getMethod())
                && path.startsWith("/api/v1/admin/health/circuit-breakers/");
    }

    private void problem(
            HttpServletResponse response,
            HttpServletRequest request,
            int status,
            String type,
            String title,
            String detail)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://connectorjobs.dev/problems/" + type);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(mapper.writeValueAsBytes(body));
    }

    /** Counts the body as it is read, for requests that do not declare their length. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long limit;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws RequestTooLargeException {
                    read += n;
                    if (read > limit) {
                        throw new RequestTooLargeException(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
