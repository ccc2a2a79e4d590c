/**
 * The {@code datadog} connector: Datadog infrastructure hosts (inventory) and events, through the
 * resilient HTTP client and the {@code datadog} breaker, waiting out Datadog's rate limits by its
 * {@code X-RateLimit-Reset} header.
 */
@NullMarked
package dev.connectorjobs.worker.connector.datadog;

import org.jspecify.annotations.NullMarked;
