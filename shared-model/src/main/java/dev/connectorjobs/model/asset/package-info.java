/** The normalized asset record that every inventory connector produces. */
@NullMarked
package dev.connectorjobs.model.asset;

import org.jspecify.annotations.NullMarked;
