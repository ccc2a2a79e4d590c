/**
 * The {@code entra_id} connector: Microsoft Entra ID users and devices through Microsoft Graph
 * v1.0, read in full or incrementally with delta queries, with the {@code entra_id} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.entraid;

import org.jspecify.annotations.NullMarked;
