/**
 * The load generator ({@code devstack bench}): submits jobs through the real HTTP API at a fixed
 * open-loop rate or as fast as it can, waits until PostgreSQL says every job is terminal, reports
 * throughput and latency percentiles, and checks that every job ran exactly once.
 *
 * <p>The public surface is what the devstack's {@code DevStack} needs to wire the {@code bench}
 * and {@code bench-rows} commands: {@link dev.connectorjobs.bench.BenchOptions}, {@link
 * dev.connectorjobs.bench.Bench}, {@link dev.connectorjobs.bench.RowWork} and their options, and
 * the {@link dev.connectorjobs.bench.StackLauncher} port through which the bench starts a stack of
 * its own. The devstack implements that port, so this module depends on neither the devstack nor
 * the applications. Everything else is package-private.
 */
@NullMarked
package dev.connectorjobs.bench;

import org.jspecify.annotations.NullMarked;
