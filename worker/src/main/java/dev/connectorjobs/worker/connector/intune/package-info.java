/**
 * The {@code intune} connector: Microsoft Intune managed devices through Microsoft Graph v1.0
 * (inventory and device sync), with the {@code intune} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.intune;

import org.jspecify.annotations.NullMarked;
