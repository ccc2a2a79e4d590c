package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestInfrastructure;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document is generated from the code, lists every endpoint, and its examples are real. */
class OpenApiDocumentTest {

    private final SecuredApi api = SecuredApi.get();

    private JsonNode document() throws Exception {
        HttpResponse<String> response = api.json("GET", "/v3/api-docs", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return api.body(response);
    }

    @Test
    void the_document_parses_and_lists_every_api_endpoint_with_its_methods() throws Exception {
        JsonNode paths = document().get("paths");
        Set<String> documented = new TreeSet<>();
        paths.properties()
                .forEach(e ->
                        e.getValue().propertyNames().forEach(m -> documented.add(m.toUpperCase() + " " + e.getKey())));

        Set<String> served = new TreeSet<>();
        RequestMappingHandlerMapping mapping =
                api.context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        for (var entry : mapping.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            HandlerMethod method = entry.getValue();
            if (!method.getBeanType().getPackageName().startsWith("dev.connectorjobs")
                    || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), Hidden.class)) {
                continue; // not ours, or not API (the console's pages)
            }
            for (String pattern : info.getPatternValues()) {
                info.getMethodsCondition().getMethods().forEach(m -> served.add(m.name() + " " + pattern));
            }
        }

        assertThat(served).isNotEmpty();
        assertThat(documented).containsAll(served).noneMatch(endpoint -> endpoint.contains(" /ui"));
    }

    @Test
    void the_bearer_key_scheme_and_problem_responses_are_documented() throws Exception {
        JsonNode doc = document();

        assertThat(doc.get("components")
                        .get("securitySchemes")
                        .get("apiKey")
                        .get("scheme")
                        .asString())
                .isEqualTo("bearer");
        JsonNode submit = doc.get("paths").get("/api/v1/jobs").get("post").get("responses");
        for (String status : List.of("400", "401", "403", "413", "415", "422", "429")) {
            assertThat(submit.get(status)).as(status).isNotNull();
            assertThat(submit.get(status).get("content").has("application/problem+json"))
                    .isTrue();
        }
    }

    @Test
    void the_examples_have_exactly_the_fields_the_endpoints_return() throws Exception {
        JsonNode doc = document();
        JsonNode submitExample = doc.get("paths")
                .get("/api/v1/jobs")
                .get("post")
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("example");
        HttpResponse<String> submitted =
                api.json("POST", "/api/v1/jobs", TestInfrastructure.ADMIN_KEY, submitExample.toString());
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        JsonNode submitAnswer = api.body(submitted);
        String id = submitAnswer.get("task_id").asString();

        JsonNode status =
                api.body(api.json("GET", "/api/v1/admin/tasks/" + id + "/status", TestInfrastructure.ADMIN_KEY, null));
        JsonNode revoke = api.body(api.json(
                "POST", "/api/v1/admin/tasks/" + id + "/revoke", TestInfrastructure.ADMIN_KEY, "{\"reason\":\"x\"}"));

        JsonNode redrive = api.body(api.json(
                "POST",
                "/api/v1/admin/tasks/" + id + "/retry",
                TestInfrastructure.ADMIN_KEY,
                requestExample(doc, "/api/v1/admin/tasks/{id}/retry").toString()));
        HttpResponse<String> bulk = api.json(
                "POST",
                "/api/v1/admin/tasks:retry",
                TestInfrastructure.ADMIN_KEY,
                requestExample(doc, "/api/v1/admin/tasks:retry").toString());
        assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
        JsonNode named = doc.get("paths")
                .get("/api/v1/jobs")
                .get("post")
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("examples");
        assertThat(named.get("countdown").get("value").has("countdown")).isTrue();
        assertThat(named.get("eta").get("value").has("eta")).isTrue();

        assertThat(fields(example(doc, "/api/v1/jobs", "post", "202"))).isEqualTo(fields(submitAnswer));
        assertThat(fields(example(doc, "/api/v1/admin/tasks/{id}/retry", "post", "200")))
                .isEqualTo(fields(redrive));
        assertThat(fields(example(doc, "/api/v1/admin/tasks:retry", "post", "200")))
                .isEqualTo(fields(api.body(bulk)));
        assertThat(fields(example(doc, "/api/v1/admin/tasks/{id}/status", "get", "200")))
                .isEqualTo(fields(status));
        assertThat(fields(example(doc, "/api/v1/admin/tasks/{id}/revoke", "post", "200")))
                .isEqualTo(fields(revoke));
    }

    private static JsonNode requestExample(JsonNode doc, String path) {
        return doc.get("paths")
                .get(path)
                .get("post")
                .get("requestBody")
                .get("content")
                .get("application/json")
                .get("example");
    }

    private static JsonNode example(JsonNode doc, String path, String method, String status) {
        return doc.get("paths")
                .get(path)
                .get(method)
                .get("responses")
                .get(status)
                .get("content")
                .get("application/json")
                .get("example");
    }

    private static Set<String> fields(JsonNode node) {
        return new TreeSet<>(new ArrayList<>(node.propertyNames()));
    }
}
