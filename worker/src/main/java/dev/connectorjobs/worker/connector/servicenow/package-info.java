/**
 * The {@code servicenow} connector: CMDB inventory, incidents and single records through the
 * ServiceNow Table API, with Basic or OAuth authentication, over the resilient HTTP client and the
 * {@code servicenow} breaker. Only {@link ServiceNowConnector} is a Spring bean; everything else is
 * package-private.
 */
@NullMarked
package dev.connectorjobs.worker.connector.servicenow;

import org.jspecify.annotations.NullMarked;
