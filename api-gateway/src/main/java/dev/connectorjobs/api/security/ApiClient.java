package dev.connectorjobs.api.security;

import java.io.Serializable;
import java.util.UUID;

/**
 * The authenticated caller of a request: the API key it presented.
 *
 * @param keyId id of the key, stored as the client of the jobs it submits
 * @param name the key's human name
 * @param role what it may do
 */
// Serializable: a console session (Spring Session JDBC) stores it with the session's security context.
public record ApiClient(UUID keyId, String name, Role role) implements Serializable {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
