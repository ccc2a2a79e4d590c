/**
 * The {@code abm} connector: the devices of one Apple Business Manager organization through the
 * Apple Business Manager API, authenticated with a signed client assertion, through the resilient
 * HTTP client and the {@code abm} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.abm;

import org.jspecify.annotations.NullMarked;
