/** Submitting jobs and reading their status. */
@NullMarked
package dev.connectorjobs.api.job;

import org.jspecify.annotations.NullMarked;
