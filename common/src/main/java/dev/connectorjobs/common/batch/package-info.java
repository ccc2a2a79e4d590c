/** Group commit: many callers' single writes made into few batches. The JDK only. */
@NullMarked
package dev.connectorjobs.common.batch;

import org.jspecify.annotations.NullMarked;
