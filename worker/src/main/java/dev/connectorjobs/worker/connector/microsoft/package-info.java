/**
 * What the Microsoft connectors ({@code intune}, {@code entra_id}, {@code defender}) share: the
 * app registration's client-credentials configuration and token endpoint, the {@link
 * dev.connectorjobs.worker.connector.kit.VendorApi} for Microsoft Graph or the Defender API with
 * Microsoft's error reading, id checks, and the readers of Graph JSON values their normalizers use.
 */
@NullMarked
package dev.connectorjobs.worker.connector.microsoft;

import org.jspecify.annotations.NullMarked;
