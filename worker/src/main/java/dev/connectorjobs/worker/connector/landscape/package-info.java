/**
 * The {@code landscape} connector: Canonical Landscape computers (inventory) and stored scripts run
 * as activities (remote work with a checkpoint and a remote cancel), through the resilient HTTP
 * client and the {@code landscape} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.landscape;

import org.jspecify.annotations.NullMarked;
