package dev.connectorjobs.worker.connector.freshservice;

import static dev.connectorjobs.worker.connector.freshservice.FreshserviceApi.CONNECTOR;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.ItsmConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.connector.Connector;
import dev.connectorjobs.worker.connector.freshservice.AssetNormalizer.MalformedAssetException;
import dev.connectorjobs.worker.connector.freshservice.FreshserviceApi.Response;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The {@code freshservice} connector (Freshservice API v2), declared as {@link
 * ItsmConnectors#FRESHSERVICE}:
 *
 * <ul>
 *   <li>{@code test_connection}: {@code GET /api/v2/tickets?per_page=1};
 *   <li>{@code fetch_assets}: {@code GET /api/v2/assets?include=type_fields&per_page=&page=} from page
 *       1 until a page is empty or shorter than {@code per_page} (the {@code link} header Freshservice
 *       sends names only {@code page}, dropping {@code include} and {@code per_page}, so it is not
 *       followed), each page normalized and collected before the next is asked for;
 *   <li>{@code create_ticket}: {@code POST /api/v2/tickets}, tagged with the job's {@link
 *       TicketToken}; every attempt first looks the tag up ({@code GET
 *       /api/v2/tickets/filter?query="tag:'...'"}, tag being a documented filter field) and returns the
 *       ticket it finds, so a retry after a lost answer does not open a second ticket. The result is
 *       {@code {"id", "created"}}.
 * </ul>
 *
 * <p>Residual risk of {@code create_ticket}: the filter endpoint searches an index that may lag
 * behind a ticket created moments before (Freshworks documents such a delay for its search APIs). A
 * retry reaches the lookup only after the job's retry delay, which narrows the window without
 * closing it; and a ticket whose tag an agent removed is no longer recognised.
 */
@Component
final class FreshserviceConnector implements Connector {

    static final String ASSETS = "/api/v2/assets";
    static final String TICKETS = "/api/v2/tickets";
    static final String TICKET_FILTER = "/api/v2/tickets/filter";

    private static final Logger log = LoggerFactory.getLogger(FreshserviceConnector.class);

    private final FreshserviceProperties properties;
    private final InventoryProperties inventory;
    private final AssetSink sink;
    private final AssetNormalizer normalizer;
    private final @Nullable FreshserviceApi api;

    FreshserviceConnector(
            FreshserviceProperties properties,
            ServiceHttpClients clients,
            ObjectMapper mapper,
            Clock clock,
            InventoryProperties inventory,
            AssetSink sink) {
        this.properties = properties;
        this.inventory = inventory;
        this.sink = sink;
        this.normalizer = new AssetNormalizer(mapper);
        String apiKey = properties.auth().apiKey();
        this.api = properties.baseUrl() == null || apiKey == null
                ? null
                : new FreshserviceApi(
                        clients.forService(CONNECTOR),
                        mapper,
                        clock,
                        properties.baseUrl(),
                        apiKey,
                        properties.maxThrottleWait());
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return ItsmConnectors.FRESHSERVICE;
    }

    @Override
    public Object execute(JobContext context) {
        return switch (context.operation()) {
            case "test_connection" -> testConnection(api(), context);
            case "fetch_assets" -> fetchAssets(api(), context);
            case "create_ticket" -> createTicket(api(), context);
            default ->
                throw ConnectorException.permanent(
                        "UnknownOperation",
                        CONNECTOR + " has no operation '" + context.operation()
                                + "'; it has: test_connection, fetch_assets, create_ticket");
        };
    }

    private FreshserviceApi api() {
        if (properties.baseUrl() == null) {
            throw notConfigured("base-url", "BASE_URL", "the account's URL, e.g. https://acme.freshservice.com");
        }
        if (api == null) {
            throw notConfigured("auth.api-key", "AUTH_API_KEY", "an agent's API key");
        }
        return api;
    }

    private static ConnectorException notConfigured(String property, String environment, String what) {
        return ConnectorException.permanent(
                "ConnectorNotConfigured",
                CONNECTOR + " is not configured: set jobs.connectors.freshservice." + property + " (environment"
                        + " JOBS_CONNECTORS_FRESHSERVICE_" + environment + ") to " + what
                        + " on the workers that run it");
    }

    private static Map<String, Object> testConnection(FreshserviceApi api, JobContext context) {
        Response response = api.get(TICKETS, context, "per_page", "1");
        response.array("tickets");
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ok", true);
        response.rateLimitRemaining().ifPresent(remaining -> result.put("rate_limit_remaining", remaining));
        return result;
    }

    private Map<String, Object> fetchAssets(FreshserviceApi api, JobContext context) {
        InventoryCollector collector = InventoryCollector.forJob(CONNECTOR, context, inventory, sink);
        int perPage = properties.pageSize();
        int page = 0;
        boolean more = true;
        while (more && page < properties.pageCap()) {
            page++;
            Response response = api.get(
                    ASSETS,
                    context,
                    "include",
                    "type_fields",
                    "per_page",
                    Integer.toString(perPage),
                    "page",
                    Integer.toString(page));
            JsonNode assets = response.array("assets");
            more = collect(response, page, assets, collector) && assets.size() >= perPage;
            collector.pageDone(collector.count());
        }
        boolean capReached = more;
        if (capReached) {
            log.warn(
                    "connector={} event=page_cap_reached pages={} assets={}; raise"
                            + " jobs.connectors.freshservice.page-cap to read further",
                    CONNECTOR,
                    page,
                    collector.count());
        }
        log.info("connector={} event=assets_fetched pages={} assets={}", CONNECTOR, page, collector.count());
        Map<String, Object> result = collector.result();
        result.put("pages", page);
        result.put("page_cap_reached", capReached);
        return result;
    }

    /** Adds the assets of one page; false when the job has all it asked for. */
    private boolean collect(Response response, int page, JsonNode assets, InventoryCollector collector) {
        for (int i = 0; i < assets.size(); i++) {
            try {
                if (!collector.add(normalizer.normalize(assets.get(i), "assets[" + i + "]"))) {
                    return false;
                }
            } catch (MalformedAssetException e) {
                throw FreshserviceApi.malformed(response.call(), "page " + page + ": " + e.getMessage());
            }
        }
        return true;
    }

    private static Map<String, Object> createTicket(FreshserviceApi api, JobContext context) {
        Map<String, Object> params = context.params();
        String tag = TicketToken.of(context.jobId());
        Optional<Long> existing = findTicket(api, tag, context);
        if (existing.isPresent()) {
            log.info("connector={} event=ticket_found ticket_id={} tag={}", CONNECTOR, existing.get(), tag);
            return ticketResult(existing.get(), false);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", string(params, "email"));
        body.put("subject", string(params, "subject"));
        body.put("description", string(params, "description"));
        body.put("status", integer(params, "status", 2));
        body.put("priority", integer(params, "priority", 1));
        body.put("tags", List.of(tag));
        Response created = api.post(TICKETS, body, context);
        long id = ticketId(created, created.object("ticket"), "ticket.id");
        log.info("connector={} event=ticket_created ticket_id={} tag={}", CONNECTOR, id, tag);
        return ticketResult(id, true);
    }

    /** The ticket an earlier attempt of this job created, if any: the oldest one with its tag. */
    private static Optional<Long> findTicket(FreshserviceApi api, String tag, JobContext context) {
        Response found = api.get(TICKET_FILTER, context, "query", "\"tag:'" + tag + "'\"");
        JsonNode tickets = found.array("tickets");
        Optional<Long> oldest = Optional.empty();
        for (int i = 0; i < tickets.size(); i++) {
            long id = ticketId(found, tickets.get(i), "tickets[" + i + "].id");
            oldest = Optional.of(oldest.map(o -> Math.min(o, id)).orElse(id));
        }
        if (tickets.size() > 1) {
            log.warn("connector={} event=duplicate_tickets tag={} count={}", CONNECTOR, tag, tickets.size());
        }
        return oldest;
    }

    private static long ticketId(Response response, JsonNode ticket, String path) {
        JsonNode id = ticket.path("id");
        if (!id.isIntegralNumber()) {
            throw FreshserviceApi.malformed(
                    response.call(), "'" + path + "' is " + (id.isMissingNode() ? "missing" : "not an integer"));
        }
        return id.asLong();
    }

    private static Map<String, Object> ticketResult(long id, boolean created) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", id);
        result.put("created", created);
        return result;
    }

    private static String string(Map<String, Object> params, String name) {
        if (params.get(name) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw invalid(name + " is required and must be a non-empty string");
    }

    private static int integer(Map<String, Object> params, String name, int otherwise) {
        Object value = params.get(name);
        if (value == null) {
            return otherwise;
        }
        if (value instanceof Number number && number.doubleValue() == number.intValue()) {
            return number.intValue();
        }
        throw invalid(name + " must be an integer");
    }

    private static ConnectorException invalid(String message) {
        return ConnectorException.permanent("InvalidRequest", CONNECTOR + ": " + message);
    }
}
