/**
 * The {@code defender} connector: Microsoft Defender for Endpoint machines (inventory) and machine
 * tags through the Defender API, with the {@code defender} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.defender;

import org.jspecify.annotations.NullMarked;
