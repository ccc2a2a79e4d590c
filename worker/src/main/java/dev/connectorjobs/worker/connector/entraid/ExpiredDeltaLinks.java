package dev.connectorjobs.worker.connector.entraid;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.connector.microsoft.MicrosoftApi;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;
import java.util.Set;

/**
 * Graph's answer to a delta link whose state it no longer keeps (for users and devices, delta links
 * live seven days): 400 with error code {@code syncStateNotFound} ("The sync state generation is not
 * found. The delta token is expired and data must be synchronized again."), or 410 Gone with {@code
 * resyncRequired} and the like. Either fails the job permanently with {@code DeltaLinkExpired},
 * which says to start over with a full delta read; retrying the same link cannot help.
 */
final class ExpiredDeltaLinks implements FailureHook {

    private static final Set<String> CODES = Set.of("syncStateNotFound", "resyncRequired", "SyncStateNotFound");

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        boolean expired = status == 410 || (status == 400 && CODES.contains(MicrosoftApi.errorCode(explanation)));
        if (!expired) {
            return Optional.empty();
        }
        return Optional.of(ConnectorException.permanent(
                "DeltaLinkExpired",
                request + (explanation.isEmpty() ? "" : ": " + explanation) + "; Graph no longer keeps this delta"
                        + " link's state (it lives seven days for users and devices): run once with incremental: true"
                        + " and without delta_link for a new one",
                status));
    }
}
