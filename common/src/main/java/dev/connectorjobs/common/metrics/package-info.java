/** Micrometer meters for the machinery in {@code common}. */
@NullMarked
package dev.connectorjobs.common.metrics;

import org.jspecify.annotations.NullMarked;
