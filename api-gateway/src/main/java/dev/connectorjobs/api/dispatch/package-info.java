/** Publishing stored jobs to Kafka: the fast path after commit and the outbox sweep. */
@NullMarked
package dev.connectorjobs.api.dispatch;

import org.jspecify.annotations.NullMarked;
