package dev.connectorjobs.api;

import dev.connectorjobs.testing.TestDatabase;
import dev.connectorjobs.testing.TestInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One api-gateway per test JVM for the feature tests that call the admin API with the admin key
 * (reaper every 200 ms; webhooks checked every 100 ms, retried after 200 ms, at most 3 attempts;
 * bulk re-drives in chunks of 3 jobs),
 * and an HTTP helper. Started on first use, stopped when the JVM exits.
 */
public final class AdminApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    /** The default webhook signing secret, written as Standard Webhooks writes secrets. */
    public static final String WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static volatile @Nullable AdminApi instance;

    private final ConfigurableApplicationContext context;
    private final String base;

    private AdminApi() {
        context = ApiGatewayApplication.application()
                .run(TestInfrastructure.springArgs(
                        "server.port=0",
                        "jobs.api.reaper.interval=200ms",
                        "jobs.webhooks.secrets.default=" + WEBHOOK_SECRET,
                        "jobs.webhooks.secrets.team-a=team-a-webhook-secret",
                        "jobs.webhooks.check-interval=100ms",
                        "jobs.webhooks.backoff-base=200ms",
                        "jobs.webhooks.max-attempts=3",
                        "jobs.api.redrive.chunk-size=3"));
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        Runtime.getRuntime().addShutdownHook(new Thread(context::close));
    }

    public static AdminApi get() {
        AdminApi api = instance;
        if (api == null) {
            synchronized (AdminApi.class) {
                api = instance;
                if (api == null) {
                    api = new AdminApi();
                    instance = api;
                }
            }
        }
        return api;
    }

    /** The shared test database. */
    public static JdbcTemplate jdbc() {
        return new JdbcTemplate(TestDatabase.get().dataSource());
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    /** Sends a GET with the admin key without waiting for the answer. */
    public java.util.concurrent.CompletableFuture<HttpResponse<String>> getAsync(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                .GET()
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a request with the admin key; a body is sent as JSON; headers are name, value pairs. */
    public HttpResponse<String> send(String method, String path, @Nullable String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
