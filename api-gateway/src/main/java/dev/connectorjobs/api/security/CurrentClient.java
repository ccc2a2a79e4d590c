package dev.connectorjobs.api.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The caller of the request being served on this thread. */
public final class CurrentClient {

    private CurrentClient() {}

    /** The authenticated client; empty outside an authenticated request. */
    public static Optional<ApiClient> get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof ApiClient client
                ? Optional.of(client)
                : Optional.empty();
    }
}
