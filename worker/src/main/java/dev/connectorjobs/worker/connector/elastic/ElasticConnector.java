package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.kit.BasicAuth;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.HeaderAuth;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code elastic} connector (Elasticsearch 8.x, Elastic Cloud), declared as {@link
 * SiemConnectors#ELASTIC}: {@code test_connection} ({@code GET /_cluster/health}), {@code search}
 * ({@link PitSearch}: a point in time paged with {@code search_after}, closed at the end, on failure
 * and on revoke) and {@code bulk_index} ({@link BulkIndex}: NDJSON chunks, per-document outcomes, only
 * the documents rejected with 429 sent again), through one {@link VendorApi} that sends an API key,
 * Basic credentials or a bearer token and reads Elasticsearch's errors with {@link ElasticFailures}.
 */
@Component
final class ElasticConnector implements Connector {

    static final String CONNECTOR = "elastic";
    static final String HEALTH = "/_cluster/health";

    private static final ConnectorDescriptor DESCRIPTOR = SiemConnectors.ELASTIC;

    private final ElasticProperties properties;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final VendorConnection connection;

    ElasticConnector(ElasticProperties properties, ServiceHttpClients clients, ObjectMapper mapper, Clock clock) {
        this.properties = properties;
        this.mapper = mapper;
        this.clock = clock;
        URI baseUrl = properties.baseUrl();
        if (baseUrl == null) {
            this.connection = VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR,
                    "base-url",
                    "the cluster's HTTP endpoint, e.g. https://my-deployment.es.eu-west-1.aws.found.io (Elastic"
                            + " Cloud) or https://es.example.com:9200"));
        } else if (!properties.auth().isSet()) {
            this.connection = VendorConnection.notConfigured(ConnectorErrors.notConfigured(
                    DESCRIPTOR,
                    "auth.api-key",
                    "an API key's encoded value (or set auth.username and auth.password, or auth.token)"));
        } else {
            VendorAuth auth = auth(properties.auth());
            this.connection =
                    VendorConnection.of(VendorApi.builder(DESCRIPTOR, clients.forService(CONNECTOR), mapper, baseUrl)
                            .auth(auth)
                            .failures(new ElasticFailures(mapper, auth, properties.keepAlive()))
                            .throttleWaits(properties.maxThrottleWait(), clock)
                            .build());
        }
    }

    private static VendorAuth auth(ElasticProperties.Auth auth) {
        String apiKey = auth.apiKey();
        if (apiKey != null) {
            return HeaderAuth.header("Authorization", "ApiKey ", apiKey);
        }
        String token = auth.token();
        if (token != null) {
            return HeaderAuth.bearer(token);
        }
        return new BasicAuth(Objects.requireNonNull(auth.username()), Objects.requireNonNull(auth.password()));
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(connection.api(), context);
            case "search" -> new PitSearch(connection.api(), mapper, properties).run(context);
            case "bulk_index" -> new BulkIndex(connection.api(), mapper, properties, clock).run(context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    /**
     * {@code {"ok": true, "cluster_name", "status", "number_of_nodes", "number_of_data_nodes",
     * "unassigned_shards", "active_shards_percent"}}, and a {@code warning} when the cluster is red:
     * the cluster answered and took the credentials, which is what this checks; a red cluster still
     * serves the indices whose primaries are assigned.
     */
    private static Map<String, Object> testConnection(VendorApi api, JobContext context) {
        VendorResponse health = api.get(HEALTH, context);
        String status = health.text("status");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        health.optionalText("cluster_name").ifPresent(name -> result.put("cluster_name", name));
        result.put("status", status);
        health.optionalLong("number_of_nodes").ifPresent(n -> result.put("number_of_nodes", n));
        health.optionalLong("number_of_data_nodes").ifPresent(n -> result.put("number_of_data_nodes", n));
        health.optionalLong("unassigned_shards").ifPresent(n -> result.put("unassigned_shards", n));
        if (health.at("active_shards_percent_as_number").isNumber()) {
            result.put(
                    "active_shards_percent",
                    health.at("active_shards_percent_as_number").asDouble());
        }
        if ("red".equals(status)) {
            result.put(
                    "warning",
                    "the cluster is red: some primary shards are unassigned, so searches and writes of their"
                            + " indices fail until they are assigned");
        }
        return result;
    }
}
