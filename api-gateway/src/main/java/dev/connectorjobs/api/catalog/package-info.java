/** The connectors this deployment offers, for validation and discovery. */
@NullMarked
package dev.connectorjobs.api.catalog;

import org.jspecify.annotations.NullMarked;
