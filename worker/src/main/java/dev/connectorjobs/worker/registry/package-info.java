/** Who this worker is: registration, heartbeats and lease extension. */
@NullMarked
package dev.connectorjobs.worker.registry;

import org.jspecify.annotations.NullMarked;
