/** The control topic: revoke running jobs and operate circuit breakers on every worker. */
@NullMarked
package dev.connectorjobs.worker.control;

import org.jspecify.annotations.NullMarked;
