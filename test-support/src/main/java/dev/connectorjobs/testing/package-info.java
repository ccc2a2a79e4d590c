/** Real PostgreSQL and Kafka for integration tests: from the environment, else embedded. */
@NullMarked
package dev.connectorjobs.testing;

import org.jspecify.annotations.NullMarked;
