/**
 * The {@code splunk} connector: search jobs through the Splunk REST API (remote work with a
 * checkpoint and a remote cancel) and events sent to the HTTP Event Collector, through the resilient
 * HTTP client and the {@code splunk} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.splunk;

import org.jspecify.annotations.NullMarked;
