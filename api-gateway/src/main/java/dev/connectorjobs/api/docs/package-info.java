/** The OpenAPI 3 document ({@code /v3/api-docs}) and Swagger UI ({@code /swagger-ui.html}). */
@NullMarked
package dev.connectorjobs.api.docs;

import org.jspecify.annotations.NullMarked;
