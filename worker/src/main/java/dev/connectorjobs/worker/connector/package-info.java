/** The connector SPI: what a connector implements, and the context a job runs in. */
@NullMarked
package dev.connectorjobs.worker.connector;

import org.jspecify.annotations.NullMarked;
