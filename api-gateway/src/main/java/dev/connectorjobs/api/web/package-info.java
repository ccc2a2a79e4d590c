/** Problem details (RFC 9457) for every error answer. */
@NullMarked
package dev.connectorjobs.api.web;

import org.jspecify.annotations.NullMarked;
