/** The workers: who is alive, what runs where. */
@NullMarked
package dev.connectorjobs.api.workers;

import org.jspecify.annotations.NullMarked;
