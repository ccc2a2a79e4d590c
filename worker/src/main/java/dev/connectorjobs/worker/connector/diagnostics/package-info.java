/** The built-in diagnostics connector (echo, sleep, fail). */
@NullMarked
package dev.connectorjobs.worker.connector.diagnostics;

import org.jspecify.annotations.NullMarked;
