/**
 * The {@code android_enterprise} connector: the devices of one Android Enterprise through the
 * Android Management API, and device commands, as a Google service account, through the resilient
 * HTTP client and the {@code android_enterprise} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.androidenterprise;

import org.jspecify.annotations.NullMarked;
