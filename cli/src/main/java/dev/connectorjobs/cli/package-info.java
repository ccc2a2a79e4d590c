/**
 * The {@code jobs} command-line tool: the connector-jobs API from a shell, over the client module.
 * Commands are built with their {@link dev.connectorjobs.cli.CliContext} (environment, output
 * streams) rather than reading globals, so tests run them in-process with an injected environment.
 */
@NullMarked
package dev.connectorjobs.cli;

import org.jspecify.annotations.NullMarked;
