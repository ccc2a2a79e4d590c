package dev.connectorjobs.api.docs;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document: generated from the controllers by springdoc, plus what the code cannot say
 * by itself: the bearer-key security scheme, the problem document every error uses, and examples of
 * the main exchanges (kept equal to real answers by a test).
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String SECURITY_SCHEME = "apiKey";
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI connectorJobsOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Connector Jobs API")
                        .version("v1")
                        .description("Submit connector jobs, poll their status, revoke them, see what runs where"
                                + " and operate the circuit breakers. Every /api endpoint needs an API key sent as"
                                + " 'Authorization: Bearer <key>'. Errors are RFC 9457 problem documents."))
                .components(new Components()
                        .addSecuritySchemes(
                                SECURITY_SCHEME,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .description("An API key created with POST /api/v1/admin/api-keys"))
                        .addSchemas(PROBLEM, problemSchema()))
                .addSecurityItem(new SecurityRequirement().addList(SECURITY_SCHEME));
    }

    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        addProblem(operation, "400", "Malformed request or parameter");
                        addProblem(operation, "401", "Missing, unknown or revoked API key");
                        addProblem(operation, "403", "The key's role does not allow this");
                        if (path.contains("{")) {
                            addProblem(operation, "404", "No such resource");
                        }
                        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PATCH) {
                            addProblem(operation, "413", "Request body too large");
                            addProblem(operation, "415", "Content type is not application/json");
                            addProblem(operation, "422", "Well-formed but invalid content, with field errors");
                        }
                        if (path.equals("/api/v1/jobs") || path.equals("/api/v1/jobs:batch")) {
                            addProblem(operation, "429", "Submission rate limit exceeded; see Retry-After");
                        }
                    }));
            Examples.apply(openApi);
        };
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation
                .getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                "application/problem+json",
                                                new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema<?> problemSchema() {
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().description("URI naming the kind of problem"));
        properties.put("title", new StringSchema());
        properties.put("status", new IntegerSchema());
        properties.put("detail", new StringSchema().description("What happened and what to do next"));
        properties.put("instance", new StringSchema().description("The request path"));
        properties.put(
                "errors",
                new ArraySchema()
                        .items(new ObjectSchema()
                                .addProperty("field", new StringSchema())
                                .addProperty("message", new StringSchema()))
                        .description("Field errors, for 422"));
        ObjectSchema schema = new ObjectSchema();
        schema.setProperties(properties);
        schema.setRequired(List.of("type", "title", "status"));
        return schema;
    }
}
