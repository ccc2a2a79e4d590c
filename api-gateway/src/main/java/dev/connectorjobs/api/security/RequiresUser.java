package dev.connectorjobs.api.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.security.access.prepost.PreAuthorize;

/**
 * The handler needs any valid API key ({@code USER}, or {@code ADMIN}, which implies it). Every
 * handler of the API carries this or {@link RequiresAdmin}, on its class or itself; a test keeps
 * it so.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PreAuthorize("hasRole('USER')")
public @interface RequiresUser {}
