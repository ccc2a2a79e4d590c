package dev.connectorjobs.api.security;

import java.util.Optional;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** The caller of the request being served on this thread. */
public final class CurrentClient {

    static final String ATTRIBUTE = ApiClient.class.getName();

    private CurrentClient() {}

    /** The authenticated client; empty outside an authenticated request. */
    public static Optional<ApiClient> get() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (attributes == null) {
            return Optional.empty();
        }
        return Optional.ofNullable((ApiClient) attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST));
    }

    /** The authenticated client's key id as stored with jobs, or null when unauthenticated. */
    public static String idOrNull() {
        return get().map(c -> c.keyId().toString()).orElse(null);
    }
}
