/** The API service. */
@NullMarked
package dev.connectorjobs.api;

import org.jspecify.annotations.NullMarked;
