/** Running claimed jobs on virtual threads and recording their fenced outcomes. */
@NullMarked
package dev.connectorjobs.worker.execution;

import org.jspecify.annotations.NullMarked;
