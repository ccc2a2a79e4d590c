/**
 * The connector SPI: what a connector implements ({@link dev.connectorjobs.worker.connector.Connector})
 * and which connectors this worker runs. The context a job runs in, and its failure type, are in
 * {@code dev.connectorjobs.worker.attempt}.
 */
@NullMarked
package dev.connectorjobs.worker.connector;

import org.jspecify.annotations.NullMarked;
