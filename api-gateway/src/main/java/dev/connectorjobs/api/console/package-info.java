/**
 * The operations console at {@code /ui}: server-rendered pages (Thymeleaf) over the same services
 * the REST API uses, with htmx for the live parts and uPlot for the overview's charts. Its security
 * (sign-in with an API key, sessions in PostgreSQL, CSRF, roles) is in {@code api.security}.
 */
@NullMarked
package dev.connectorjobs.api.console;

import org.jspecify.annotations.NullMarked;
