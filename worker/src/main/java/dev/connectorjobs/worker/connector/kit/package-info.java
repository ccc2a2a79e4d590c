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
 *       from {@link dev.connectorjobs.worker.connector.kit.JwtAssertions});
 *   <li>{@link dev.connectorjobs.worker.connector.kit.Paging}: the paging shapes vendors use, and
 *       an {@link dev.connectorjobs.worker.connector.kit.Inventory}, which reads every page of an
 *       inventory into an {@link dev.connectorjobs.worker.connector.inventory.InventoryCollector};
 *   <li>{@link dev.connectorjobs.worker.connector.kit.Params} and {@link
 *       dev.connectorjobs.worker.connector.kit.ConnectorErrors}: typed params and the errors every
 *       connector raises alike.
 * </ul>
 */
@NullMarked
package dev.connectorjobs.worker.connector.kit;

import org.jspecify.annotations.NullMarked;
