/**
 * The {@code elastic} connector: Elasticsearch 8.x and Elastic Cloud, searched through a point in
 * time with {@code search_after} and written to with {@code _bulk}, through the resilient HTTP client
 * and the {@code elastic} breaker.
 */
@NullMarked
package dev.connectorjobs.worker.connector.elastic;

import org.jspecify.annotations.NullMarked;
