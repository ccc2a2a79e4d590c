package dev.connectorjobs.api.security;

import java.util.UUID;

/**
 * The authenticated caller of a request: the API key it presented.
 *
 * @param keyId id of the key, stored as the client of the jobs it submits
 * @param name the key's human name
 * @param role what it may do
 */
public record ApiClient(UUID keyId, String name, Role role) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
