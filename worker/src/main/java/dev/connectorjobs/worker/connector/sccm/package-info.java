/**
 * The {@code sccm} connector: the devices of a Microsoft Configuration Manager site, and client
 * notifications to a collection, through the site's administration service (AdminService), the
 * resilient HTTP client and the {@code sccm} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.sccm;

import org.jspecify.annotations.NullMarked;
