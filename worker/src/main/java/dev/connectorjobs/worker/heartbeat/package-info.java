/** Who this worker is: registration, heartbeats, lease extension, and the drain on stop. */
@NullMarked
package dev.connectorjobs.worker.heartbeat;

import org.jspecify.annotations.NullMarked;
