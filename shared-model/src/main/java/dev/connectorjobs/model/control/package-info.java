/** Control messages that every worker reads: revoke a running job, operate circuit breakers. */
@NullMarked
package dev.connectorjobs.model.control;

import org.jspecify.annotations.NullMarked;
