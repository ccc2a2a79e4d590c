/** The W3C trace context of a job, from the submit request through the row to the vendor request. */
@NullMarked
package dev.connectorjobs.common.tracing;

import org.jspecify.annotations.NullMarked;
