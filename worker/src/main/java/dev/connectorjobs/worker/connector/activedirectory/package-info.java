/**
 * The {@code active_directory} connector: computer and user accounts of Active Directory, read over
 * LDAP (LDAPS or StartTLS) with paged searches from a pooled, health-checked connection, with the
 * {@code active_directory} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.activedirectory;

import org.jspecify.annotations.NullMarked;
