package dev.connectorjobs.worker.connector.externalapi;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.model.catalog.BuiltInConnectors;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.kit.BasicAuth;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.HeaderAuth;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hc.core5.http.ContentType;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code external_api} connector: one HTTP request against {@code
 * jobs.connectors.external-api.base-url}, through the resilient client and the {@code
 * external_api} breaker. 2xx and 3xx answers are the result ({@code {"status", "headers", "body"}},
 * the body as JSON when the service says it is JSON, else as text, cut at {@code max-result-body});
 * other answers fail the job as the HTTP client classifies them.
 *
 * <p>Credentials come from configuration and are masked wherever the service echoes them back
 * (echo services do), so a job's result never shows them.
 */
@Component
final class ExternalApiConnector implements Connector {

    private static final List<String> RESULT_HEADERS =
            List.of("Content-Type", "Location", "ETag", "Last-Modified", "Retry-After", "X-Request-ID", "Link");
    private final ExternalApiProperties properties;
    private final ServiceHttpClient client;
    private final ObjectMapper mapper;
    private final @Nullable VendorAuth auth;

    ExternalApiConnector(ExternalApiProperties properties, ServiceHttpClients clients, ObjectMapper mapper) {
        this.properties = properties;
        this.client = clients.forService(BreakerDefaults.EXTERNAL_API);
        this.mapper = mapper;
        if (properties.bearerToken() != null) {
            auth = HeaderAuth.bearer(properties.bearerToken());
        } else if (properties.username() != null && properties.password() != null) {
            auth = new BasicAuth(properties.username(), properties.password());
        } else {
            auth = null;
        }
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return BuiltInConnectors.EXTERNAL_API;
    }

    @Override
    public Object execute(JobContext context) {
        if (!"request".equals(context.operation())) {
            throw ConnectorErrors.unknownOperation(descriptor(), context.operation());
        }
        URI base = properties.baseUrl();
        if (base == null) {
            throw ConnectorErrors.notConfigured(descriptor(), "base-url", "the service's URL");
        }
        ExternalApiRequest request = ExternalApiRequest.parse(context.params(), properties);
        HttpCall call = call(base, request, context);
        HttpResult result = client.exchange(call, context);
        if (result.status() >= 400) {
            throw client.failure(call, result);
        }
        return result(result);
    }

    private HttpCall call(URI base, ExternalApiRequest request, JobContext job) {
        HttpCall.Builder call =
                HttpCall.request(request.method(), RequestPath.resolve(base, request.path(), request.query()));
        request.headers().forEach(call::header);
        if (request.idempotencyKey() != null) {
            call.idempotencyKey(request.idempotencyKey());
        }
        if (auth != null) {
            auth.headers(job).forEach(call::header);
        }
        Object body = request.body();
        if (body != null) {
            String contentType = request.headers().entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase("Content-Type"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(ContentType.APPLICATION_JSON.getMimeType());
            byte[] content = body instanceof String text && !isJson(contentType)
                    ? text.getBytes(StandardCharsets.UTF_8)
                    : mapper.writeValueAsBytes(body);
            call.body(content, contentType);
        }
        return call.build();
    }

    private Map<String, Object> result(HttpResult response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : RESULT_HEADERS) {
            response.header(name).ifPresent(value -> headers.put(name, mask(value)));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("status", response.status());
        result.put("headers", headers);
        long limit = properties.maxResultBody().toBytes();
        boolean truncated = response.bodyLength() > limit;
        result.put("body", body(response, truncated ? (int) limit : response.bodyLength(), truncated));
        result.put("body_truncated", truncated);
        return result;
    }

    private @Nullable Object body(HttpResult response, int length, boolean truncated) {
        if (length == 0) {
            return null;
        }
        String text = mask(new String(
                response.body(),
                0,
                length,
                response.contentType().map(ContentType::getCharset).orElse(StandardCharsets.UTF_8)));
        boolean json = response.contentType()
                .map(ContentType::getMimeType)
                .map(ExternalApiConnector::isJson)
                .orElse(false);
        if (json && !truncated) {
            try {
                return mapper.readTree(text);
            } catch (JacksonException e) {
                return text;
            }
        }
        return text;
    }

    private String mask(String text) {
        return auth == null ? text : Masking.mask(text, auth.secrets());
    }

    private static boolean isJson(String contentType) {
        String mime = contentType.toLowerCase(Locale.ROOT).split(";", 2)[0].trim();
        return mime.equals("application/json") || mime.endsWith("+json");
    }
}
