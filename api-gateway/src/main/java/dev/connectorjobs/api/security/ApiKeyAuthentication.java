package dev.connectorjobs.api.security;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An API key presented as {@code Authorization: Bearer <key>}: unauthenticated, it carries only
 * the key; authenticated, the {@link ApiClient} it belongs to and its role as authority ({@code
 * ROLE_USER} or {@code ROLE_ADMIN}). The key is erased once it has been checked.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    /** Console sessions store it serialized (Spring Session JDBC); bump when the fields change. */
    private static final long serialVersionUID = 1L;

    private @Nullable String key;
    private final @Nullable ApiClient client;

    private ApiKeyAuthentication(@Nullable String key, @Nullable ApiClient client) {
        super(
                client == null
                        ? List.of()
                        : List.of(new SimpleGrantedAuthority(
                                "ROLE_" + client.role().name())));
        this.key = key;
        this.client = client;
        setAuthenticated(client != null);
    }

    /** A key as presented, still to be checked. */
    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, null);
    }

    /** The client a checked key belongs to. */
    static ApiKeyAuthentication authenticated(ApiClient client) {
        return new ApiKeyAuthentication(null, client);
    }

    @Override
    public @Nullable String getCredentials() {
        return key;
    }

    @Override
    public @Nullable Object getPrincipal() {
        return client;
    }

    @Override
    public String getName() {
        return client == null ? "" : client.name();
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        key = null;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthentication[" + (client == null ? "unchecked" : client.name() + ", " + client.role()) + "]";
    }
}
