/** Publication of normalized assets to Kafka. */
@NullMarked
package dev.connectorjobs.worker.assets;

import org.jspecify.annotations.NullMarked;
