/** The worker process. */
@NullMarked
package dev.connectorjobs.worker;

import org.jspecify.annotations.NullMarked;
