/**
 * The {@code freshservice} connector: Freshservice API v2 assets (inventory) and tickets, through
 * the resilient HTTP client and the {@code freshservice} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.freshservice;

import org.jspecify.annotations.NullMarked;
