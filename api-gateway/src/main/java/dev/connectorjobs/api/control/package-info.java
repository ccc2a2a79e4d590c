/** Publishing control messages to every worker and counting their acknowledgements. */
@NullMarked
package dev.connectorjobs.api.control;

import org.jspecify.annotations.NullMarked;
