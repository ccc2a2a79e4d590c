/** What travels on Kafka: topic names, header names and the versioned job envelope. */
@NullMarked
package dev.connectorjobs.model.dispatch;

import org.jspecify.annotations.NullMarked;
