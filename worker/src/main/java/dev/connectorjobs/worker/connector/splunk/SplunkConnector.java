package dev.connectorjobs.worker.connector.splunk;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.SiemConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.HeaderAuth;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.connector.kit.VendorApi;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.connector.kit.VendorConnection;
import dev.connectorjobs.worker.connector.kit.VendorRequest;
import dev.connectorjobs.worker.connector.kit.VendorResponse;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code splunk} connector, declared as {@link SiemConnectors#SPLUNK}: {@code test_connection},
 * {@code search} ({@link SplunkSearch}: a search job, checkpointed, resumed, cancelled in Splunk on
 * revoke or time limit) and {@code send_events} ({@link HecEvents}). Two APIs, both through the
 * {@code splunk} HTTP client and breaker: the REST API at {@code base-url} with a bearer token or
 * Basic credentials ({@link SplunkFailures}), and the HTTP Event Collector at {@code hec-url} with
 * {@code Authorization: Splunk <hec-token>} ({@link HecFailures}). Either may be configured alone; an
 * operation that needs the other fails with {@code ConnectorNotConfigured}.
 *
 * <p>Splunk's REST API takes no page for the search itself, and its results are held in memory only up
 * to the job's {@code max_results} (at most {@value SiemConnectors#MAX_SEARCH_RESULTS}); the connector
 * takes no inventory settings.
 */
@Component
final class SplunkConnector implements Connector {

    static final String CONNECTOR = "splunk";

    private static final ConnectorDescriptor DESCRIPTOR = SiemConnectors.SPLUNK;

    private final SplunkProperties properties;
    private final ObjectMapper mapper;
    private final VendorConnection rest;
    private final VendorConnection hec;

    SplunkConnector(
            SplunkProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        this.mapper = mapper;
        ServiceHttpClient http = clients.forService(CONNECTOR);
        this.rest = rest(properties, http, mapper, clock);
        this.hec = hec(properties, http, mapper, clock);
    }

    /** The HTTP Event Collector with the configured URL and token, or the first of them that is missing. */
    private static VendorConnection hec(
            SplunkProperties properties, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        URI hecUrl = properties.hecUrl();
        String hecToken = properties.auth().hecToken();
        Optional<ConnectorException> missing = hecUrl == null
                ? Optional.of(ConnectorErrors.notConfigured(
                        DESCRIPTOR,
                        "hec-url",
                        "the HTTP Event Collector's URL, e.g. https://splunk.example.com:8088 or"
                                + " https://http-inputs-<stack>.splunkcloud.com"))
                : hecToken == null
                        ? Optional.of(ConnectorErrors.notConfigured(
                                DESCRIPTOR, "auth.hec-token", "an HTTP Event Collector token"))
                        : Optional.empty();
        return VendorConnection.unless(missing, () -> {
            HeaderAuth auth = HeaderAuth.header("Authorization", "Splunk ", Objects.requireNonNull(hecToken));
            return VendorApi.builder(DESCRIPTOR, http, mapper, Objects.requireNonNull(hecUrl))
                    .auth(auth)
                    .failures(new HecFailures(mapper, text -> Masking.mask(text, auth.secrets())))
                    .throttleWaits(properties.maxThrottleWait(), clock)
                    .build();
        });
    }

    /** The REST API with the configured URL and credentials, or the first of them that is missing. */
    private static VendorConnection rest(
            SplunkProperties properties, ServiceHttpClient http, ObjectMapper mapper, Clock clock) {
        SplunkProperties.Auth credentials = properties.auth();
        Optional<VendorAuth> auth =
                VendorAuth.bearerOrBasic(credentials.token(), credentials.username(), credentials.password());
        URI baseUrl = properties.baseUrl();
        Optional<ConnectorException> missing = baseUrl == null
                ? Optional.of(ConnectorErrors.notConfigured(
                        DESCRIPTOR,
                        "base-url",
                        "the REST API's URL (management port), e.g. https://splunk.example.com:8089"))
                : auth.isEmpty()
                        ? Optional.of(ConnectorErrors.notConfigured(
                                DESCRIPTOR,
                                "auth.token",
                                "a Splunk authentication token (or set auth.username and auth.password instead)"))
                        : Optional.empty();
        return VendorConnection.unless(
                missing,
                () -> VendorApi.builder(DESCRIPTOR, http, mapper, Objects.requireNonNull(baseUrl))
                        .auth(auth.orElseThrow())
                        .failures(new SplunkFailures(
                                mapper,
                                text -> Masking.mask(text, auth.orElseThrow().secrets())))
                        .throttleWaits(properties.maxThrottleWait(), clock)
                        .build());
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(context);
            case "search" -> search(rest.api()).run(context);
            case "send_events" -> new HecEvents(hec.api(), mapper, properties.batchSize()).send(context);
            default -> throw ConnectorErrors.unknownOperation(DESCRIPTOR, context.operation());
        };
    }

    /** A search through {@code api}: cheap, one per job. */
    private SplunkSearch search(VendorApi api) {
        return new SplunkSearch(
                api,
                new SearchJobWatch(api, properties.pollInterval(), properties.maxPollInterval()),
                new SearchResults(api, mapper, properties.pageSize()));
    }

    /**
     * {@code {"ok": true, "rest": {"version", "server_name"}, "hec": {"token_accepted": true}}} for what
     * is configured: {@code GET /services/server/info} checks the REST credentials, and an empty {@code
     * POST /services/collector/event} checks the HEC token without sending an event (HEC answers code 5,
     * "No data", once it has accepted the token). Nothing configured fails with {@code
     * ConnectorNotConfigured} naming {@code base-url}.
     */
    private Map<String, Object> testConnection(JobContext job) {
        if (!rest.configured() && !hec.configured()) {
            rest.api();
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        if (rest.configured()) {
            VendorResponse info =
                    rest.api().send(VendorRequest.get("/services/server/info").withQuery("output_mode", "json"), job);
            Map<String, Object> server = new LinkedHashMap<>();
            info.optionalText("/entry/0/content/version").ifPresent(version -> server.put("version", version));
            info.optionalText("/entry/0/content/serverName").ifPresent(name -> server.put("server_name", name));
            result.put("rest", server);
        }
        if (hec.configured()) {
            VendorResponse answer =
                    hec.api().send(VendorRequest.post(HecEvents.PATH, null).handling(400), job);
            HecFailures hecFailures = new HecFailures(mapper, hec.api()::mask);
            HecFailures.Answer words = hecFailures.answer(answer.result());
            if (answer.status() == 400 && HecFailures.TOKEN_CODES.contains(words.code())) {
                throw hecFailures
                        .failure(400, CONNECTOR + ": " + answer.request() + " answered 400", "", answer.result())
                        .orElseThrow();
            }
            result.put("hec", Map.of("token_accepted", true, "code", words.code()));
        }
        return result;
    }
}
