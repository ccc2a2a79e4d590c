/** What both services count as the database being unavailable. */
@NullMarked
package dev.connectorjobs.common.database;

import org.jspecify.annotations.NullMarked;
