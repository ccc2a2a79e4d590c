package dev.connectorjobs.devstack.chaos;

import java.time.Instant;

/**
 * A fault as it was injected.
 *
 * @param kind its class
 * @param injected when it began
 * @param recoverFrom when the stack could begin to recover: the kill itself for a kill (the part
 *     is started again at once), the moment the connection was restored, the worker resumed, the
 *     last worker restarted or, in a rolling upgrade, the last api-gateway ready for the others
 * @param target what it hit, e.g. {@code worker-2}
 */
record FaultEvent(FaultKind kind, Instant injected, Instant recoverFrom, String target) {}
