/**
 * Circuit breakers across all workers: their aggregated status, read from the snapshot rows that
 * live workers write, and operator commands (reset, force open, disable, restore) sent to every
 * worker over the control topic, with the count of workers that applied them.
 *
 * <p>Every route lives under {@code /api/v1/admin/}: reading needs any valid key, the commands an
 * ADMIN key (the security configuration's path rules, and the roles on {@code BreakerController}).
 */
@NullMarked
package dev.connectorjobs.api.breaker;

import org.jspecify.annotations.NullMarked;
