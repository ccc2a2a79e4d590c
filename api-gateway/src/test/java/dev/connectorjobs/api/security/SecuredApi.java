package dev.connectorjobs.api.security;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** One api-gateway per test JVM for the security tests, and an HTTP helper that sends a given key. */
final class SecuredApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static volatile @Nullable SecuredApi instance;

    final ConfigurableApplicationContext context;
    final String base;

    private SecuredApi() {
        context = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.security.submit-rate-per-second=5",
                        "jobs.security.submit-burst=40",
                        "jobs.security.key-cache-ttl=0s",
                        // The matrices present bad keys by the hundred from one address; ThrottleTest checks the limit.
                        "jobs.security.auth-failure-burst=1000000"));
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    }

    static SecuredApi get() {
        SecuredApi api = instance;
        if (api == null) {
            synchronized (SecuredApi.class) {
                api = instance;
                if (api == null) {
                    api = new SecuredApi();
                    instance = api;
                }
            }
        }
        return api;
    }

    HttpResponse<String> send(
            String method,
            String path,
            @Nullable String key,
            @Nullable String contentType,
            @Nullable String body,
            String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> json(String method, String path, @Nullable String key, @Nullable String body)
            throws Exception {
        return send(method, path, key, body == null ? null : "application/json", body);
    }

    /** Creates a key with the admin key and returns it. */
    String newKey(String name, String role) throws Exception {
        HttpResponse<String> created = json(
                "POST",
                "/api/v1/admin/api-keys",
                TestInfrastructure.ADMIN_KEY,
                "{\"name\":\"" + name + "\",\"role\":\"" + role + "\"}");
        if (created.statusCode() != 201) {
            throw new IllegalStateException("could not create a key: " + created.body());
        }
        return JSON.readTree(created.body()).get("key").asString();
    }

    JsonNode body(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }
}
