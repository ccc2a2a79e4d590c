/**
 * The {@code jamf} connector: a Jamf Pro server's computer and mobile device inventory, and
 * redeploying the Jamf management framework, through the resilient HTTP client and the {@code jamf}
 * breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.jamf;

import org.jspecify.annotations.NullMarked;
