/**
 * Completion webhooks: the allow-list of callback hosts, and the delivery of signed status
 * documents when jobs end, at least once, with retries.
 */
@NullMarked
package dev.connectorjobs.api.webhook;

import org.jspecify.annotations.NullMarked;
