/** Shared support of inventory ({@code fetch_assets}) operations: bounded collection, publication. */
@NullMarked
package dev.connectorjobs.worker.connector.inventory;

import org.jspecify.annotations.NullMarked;
