/**
 * Authentication by API key, roles, per-key rate limits, the audit log, and request-size limits.
 */
@NullMarked
package dev.connectorjobs.api.security;

import org.jspecify.annotations.NullMarked;
