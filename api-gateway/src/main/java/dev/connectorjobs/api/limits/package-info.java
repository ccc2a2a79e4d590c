/**
 * Cluster-wide limits per connector and per connector and operation: their configuration, the ADMIN
 * endpoints that change them at run time, and their rows in PostgreSQL, which the workers enforce.
 */
@NullMarked
package dev.connectorjobs.api.limits;

import org.jspecify.annotations.NullMarked;
