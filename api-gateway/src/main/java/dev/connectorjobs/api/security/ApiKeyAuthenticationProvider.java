package dev.connectorjobs.api.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Checks a presented API key against the stored keys ({@link ApiKeys#authenticate}). */
@Component
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String key = (String) authentication.getCredentials();
        if (key == null) {
            throw new BadCredentialsException("no API key was presented");
        }
        return keys.authenticate(key)
                .map(ApiKeyAuthentication::authenticated)
                .orElseThrow(() -> new BadCredentialsException("unknown or revoked API key"));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthentication.class.isAssignableFrom(authentication);
    }
}
