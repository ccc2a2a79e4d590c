package dev.connectorjobs.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads the API key from {@code Authorization: Bearer <key>}. No header: no authentication (the
 * request goes on anonymously and is refused where a key is needed). A header in another scheme,
 * an empty key or one longer than any issued key is a failed authentication.
 */
final class BearerKeyConverter implements AuthenticationConverter {

    private static final String BEARER = "Bearer ";

    /** Longer than any key this service issues or accepts as bootstrap key; bounds the work per guess. */
    static final int MAX_KEY_LENGTH = 200;

    @Override
    public @Nullable Authentication convert(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new BadCredentialsException("the Authorization header is not 'Bearer <key>'");
        }
        String key = header.substring(BEARER.length()).trim();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new BadCredentialsException("the bearer key is empty or too long to be an API key");
        }
        return ApiKeyAuthentication.presented(key);
    }
}
