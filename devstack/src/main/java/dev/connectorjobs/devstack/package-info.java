/**
 * The one-command development stack: an embedded PostgreSQL 17, a single-node KRaft Kafka broker,
 * the api-gateway and N workers, each in its own JVM, started in dependency order and stopped in
 * reverse order.
 *
 * <p>Only {@link dev.connectorjobs.devstack.DevStack} and {@link
 * dev.connectorjobs.devstack.JavaVersionCheck}, the jar's entry point that hands over to it, are
 * public; everything else is an implementation detail of the {@code devstack} command. The {@code
 * bench} and {@code bench-rows} subcommands run the bench module ({@code dev.connectorjobs.bench})
 * on a {@code LocalStack}.
 */
@NullMarked
package dev.connectorjobs.devstack;

import org.jspecify.annotations.NullMarked;
