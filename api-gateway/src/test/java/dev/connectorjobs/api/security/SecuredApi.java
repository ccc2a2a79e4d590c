package dev.connectorjobs.api.security;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The api-gateways of the security tests (one per configuration and test JVM), and an HTTP helper that sends a given key. */
final class SecuredApi {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, SecuredApi> INSTANCES = new ConcurrentHashMap<>();

    final ConfigurableApplicationContext context;
    final String base;
    final int port;

    private SecuredApi(String... properties) {
        context = ApiGatewayApplication.application().run(TestInfrastructure.springArgs(properties));
        port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
        base = "http://127.0.0.1:" + port;
        Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    }

    /** The api-gateway most security tests share: a low submission rate, no key cache, no failure throttle. */
    static SecuredApi get() {
        return INSTANCES.computeIfAbsent(
                "default",
                name -> new SecuredApi(
                        "server.port=0",
                        "jobs.security.submit-rate-per-second=5",
                        "jobs.security.submit-burst=40",
                        "jobs.security.key-cache-ttl=0s",
                        // The matrices present bad keys by the hundred from one address; ThrottleTest checks the limit.
                        "jobs.security.auth-failure-burst=1000000"));
    }

    /** An api-gateway of its own for the tests that name it, with these extra properties. */
    static SecuredApi named(String name, String... properties) {
        return INSTANCES.computeIfAbsent(name, n -> {
            String[] all = Arrays.copyOf(properties, properties.length + 1);
            all[properties.length] = "server.port=0";
            return new SecuredApi(all);
        });
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
