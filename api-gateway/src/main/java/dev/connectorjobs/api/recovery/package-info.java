/** Crash recovery: the reaper that hands on jobs whose worker was lost. */
@NullMarked
package dev.connectorjobs.api.recovery;

import org.jspecify.annotations.NullMarked;
