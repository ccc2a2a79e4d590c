/** Consuming dispatch records: claim-then-ack. */
@NullMarked
package dev.connectorjobs.worker.consumer;

import org.jspecify.annotations.NullMarked;
