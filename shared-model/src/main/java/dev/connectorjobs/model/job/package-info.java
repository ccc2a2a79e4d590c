/** Job states and the one table of legal transitions between them. */
@NullMarked
package dev.connectorjobs.model.job;

import org.jspecify.annotations.NullMarked;
