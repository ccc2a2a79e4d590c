package dev.connectorjobs.api;

import java.net.http.HttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Base of the feature tests that call the shared {@link AdminApi} with the admin key. */
public abstract class AdminApiTest {

    protected static final JsonMapper JSON = AdminApi.JSON;
    protected static final JdbcTemplate jdbc = AdminApi.jdbc();

    @BeforeAll
    static void startAdminApi() {
        AdminApi.get();
    }

    /** Sends a request with the admin key; see {@link AdminApi#send}. */
    protected static HttpResponse<String> send(String method, String path, @Nullable String body, String... headers)
            throws Exception {
        return AdminApi.get().send(method, path, body, headers);
    }
}
