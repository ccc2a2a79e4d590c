package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;

/**
 * AWX's reading of a rejected credential: a 401 ({@code {"detail": "Authentication credentials were
 * not provided."}} or {@code "Invalid username/password."}) names the properties to fix. Permanent and
 * not a breaker failure, as the kit treats every 401.
 */
final class AnsibleFailures implements FailureHook {

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        if (status != 401) {
            return Optional.empty();
        }
        return Optional.of(ConnectorException.permanent(
                "AuthenticationFailed",
                request + ": AWX rejected the credentials" + (explanation.isEmpty() ? "" : " (" + explanation + ")")
                        + "; set a valid token in " + AnsibleProperties.PREFIX
                        + ".auth.token, or a user and password in "
                        + AnsibleProperties.PREFIX + ".auth.username and auth.password",
                status));
    }
}
