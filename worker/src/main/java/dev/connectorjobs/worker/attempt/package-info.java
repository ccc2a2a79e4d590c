/**
 * What one attempt of a job is, as the code it runs sees it: its {@link
 * dev.connectorjobs.worker.attempt.JobContext}, its {@link
 * dev.connectorjobs.worker.attempt.Cancellation}, and the failures that say whether another attempt
 * may succeed ({@link dev.connectorjobs.worker.attempt.ConnectorException}). The bottom of the
 * worker: connectors, the HTTP client and the breakers build on it, and it depends on none of them.
 */
@NullMarked
package dev.connectorjobs.worker.attempt;

import org.jspecify.annotations.NullMarked;
