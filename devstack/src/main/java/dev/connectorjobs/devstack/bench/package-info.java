/**
 * The load generator ({@code devstack bench}): submits jobs through the real HTTP API at a fixed
 * open-loop rate or as fast as it can, waits until PostgreSQL says every job is terminal, reports
 * throughput and latency percentiles, and checks that every job ran exactly once.
 *
 * <p>The public surface is what {@code DevStack} needs to wire the command: {@link
 * dev.connectorjobs.devstack.bench.BenchOptions}, {@link dev.connectorjobs.devstack.bench.Bench}
 * and the {@link dev.connectorjobs.devstack.bench.StackLauncher} port through which the bench starts
 * a stack of its own. Everything else is package-private.
 */
@NullMarked
package dev.connectorjobs.devstack.bench;

import org.jspecify.annotations.NullMarked;
