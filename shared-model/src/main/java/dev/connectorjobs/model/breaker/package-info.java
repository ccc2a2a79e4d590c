/** The canonical circuit breaker names and their default thresholds, shared by workers and the API. */
@NullMarked
package dev.connectorjobs.model.breaker;

import org.jspecify.annotations.NullMarked;
