package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;

/** How requests to the instance are signed. Implementations are thread-safe. */
sealed interface Credentials permits BasicCredentials, OAuthTokens {

    /**
     * The {@code Authorization} header of the next request; may fetch a token first.
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException when no token can be had
     */
    String authorization(JobContext job);

    /**
     * Called after the instance answered 401 to a request signed with {@code rejected}: forgets
     * that credential if it can be replaced.
     *
     * @return whether signing the request again may help (a renewed token); false for Basic
     */
    boolean renewAfterRejection(String rejected);

    /** {@code basic} or {@code oauth}, for results and logs. */
    String scheme();
}
