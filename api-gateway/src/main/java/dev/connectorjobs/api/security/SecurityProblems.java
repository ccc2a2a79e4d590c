package dev.connectorjobs.api.security;

import dev.connectorjobs.api.web.ProblemWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;

/**
 * The security layer's answers, as RFC 9457 problem documents: 401 for a missing or bad key, 403
 * for a role that is not enough, 400 for a request the firewall refuses, 429 for an address that
 * failed to authenticate too often.
 */
@Component
final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final ProblemWriter problems;

    SecurityProblems(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"connector-jobs\"");
        problems.send(
                request,
                response,
                401,
                "unauthorized",
                "Unauthorized",
                e instanceof BadCredentialsException
                        ? "The API key is not valid or has been revoked; send 'Authorization: Bearer <key>' with a"
                                + " valid key, or ask an admin for one"
                        : "Send an API key as 'Authorization: Bearer <key>'; an admin creates keys with POST"
                                + " /api/v1/admin/api-keys");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        String who = CurrentClient.get()
                .map(c -> "the key '" + c.name() + "' has role " + c.role())
                .orElse("the request has no key");
        problems.send(
                request,
                response,
                403,
                "forbidden",
                "Forbidden",
                "This operation needs an ADMIN key; " + who + ". Ask an admin to do it or to give you a key with"
                        + " the role it needs.");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        problems.send(
                request,
                response,
                400,
                "rejected-request",
                "Request rejected",
                "The request was refused before it reached the API: " + e.getMessage()
                        + ". Send the path in its plain form: no ';' parameters, no encoded '/', '\\', '.' or"
                        + " '%', no '..' or '//' segments, no control characters.");
    }

    /** The answer to an address that failed to authenticate too often. */
    void throttled(HttpServletRequest request, HttpServletResponse response, Duration retryAfter) throws IOException {
        long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        problems.send(
                request,
                response,
                429,
                "authentication-throttled",
                "Too many failed authentications",
                "Too many requests from this address presented a key that is not valid; retry after " + seconds
                        + " s with a valid key.");
    }
}
