/**
 * The connector kit: small helpers a vendor connector composes, so that every connector has the
 * same shape and none re-implements transport.
 *
 * <ul>
 *   <li>{@link dev.connectorjobs.worker.connector.kit.VendorApi}: a vendor's JSON API over the
 *       resilient HTTP client (base-URL join, authentication, error mapping by {@link
 *       dev.connectorjobs.worker.connector.kit.VendorFailures} and a vendor's {@link
 *       dev.connectorjobs.worker.connector.kit.FailureHook}, secret masking);
 *   <li>{@link dev.connectorjobs.worker.connector.kit.VendorAuth} and its strategies: {@link
 *       dev.connectorjobs.worker.connector.kit.BasicAuth}, {@link
 *       dev.connectorjobs.worker.connector.kit.HeaderAuth}, {@link
 *       dev.connectorjobs.worker.connector.kit.OAuthTokens} (with a {@link
 *       dev.connectorjobs.worker.connector.kit.TokenGrant}: client secret, password, signed assertions
 *       from {@link dev.connectorjobs.worker.connector.kit.JwtAssertions}); {@link
 *       dev.connectorjobs.worker.connector.kit.OAuthApi} builds the usual OAuth vendor's API;
 *   <li>{@link dev.connectorjobs.worker.connector.kit.VendorConnection}: the API a connector built at
 *       start-up, or the {@code ConnectorNotConfigured} its jobs fail with (a missing credential, an
 *       unreadable key file);
 *   <li>{@link dev.connectorjobs.worker.connector.kit.ConnectorSettings}: the checks of {@code
 *       base-url}, {@code page-size}, {@code page-cap} and {@code max-throttle-wait} for properties
 *       records;
 *   <li>{@link dev.connectorjobs.worker.connector.kit.Paging}: the paging shapes vendors use, and
 *       an {@link dev.connectorjobs.worker.connector.kit.Inventory}, which reads every page of an
 *       inventory into an {@link dev.connectorjobs.worker.connector.inventory.InventoryCollector};
 *       {@link dev.connectorjobs.worker.connector.kit.ItemFields} reads a list item's fields for a
 *       normalizer;
 *   <li>{@link dev.connectorjobs.worker.connector.kit.Params} and {@link
 *       dev.connectorjobs.worker.connector.kit.ConnectorErrors}: typed params and the errors every
 *       connector raises alike.
 * </ul>
 */
@NullMarked
package dev.connectorjobs.worker.connector.kit;

import org.jspecify.annotations.NullMarked;
