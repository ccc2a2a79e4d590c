/**
 * The connector catalogue: what each connector declares (operations and their parameters) and
 * validation of a submission against it.
 */
@NullMarked
package dev.connectorjobs.model.catalog;

import org.jspecify.annotations.NullMarked;
