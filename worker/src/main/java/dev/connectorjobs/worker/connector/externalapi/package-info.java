/** The generic {@code external_api} connector: one HTTP request against a configured base URL. */
@NullMarked
package dev.connectorjobs.worker.connector.externalapi;

import org.jspecify.annotations.NullMarked;
