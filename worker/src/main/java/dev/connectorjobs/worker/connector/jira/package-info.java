/**
 * The {@code jira} connector: Jira Service Management Assets objects through AQL ({@code
 * fetch_assets}) and Jira issues through REST v3 ({@code create_issue}), over the resilient HTTP
 * client and the {@code jira} breaker. Only {@code JiraConnector} is a bean; the rest is
 * package-private.
 */
@NullMarked
package dev.connectorjobs.worker.connector.jira;

import org.jspecify.annotations.NullMarked;
