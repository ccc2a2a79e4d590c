package dev.connectorjobs.worker.connector.freshservice;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * WireMock stubs that answer as Freshservice API v2 does: Basic {@code <api-key>:X} or 401 with
 * Freshservice's error body; {@code {"assets": [...]}} pages of {@code per_page} with a {@code link}
 * header that, like the real one, names only {@code page=N+1}; an empty page after the last; {@code
 * X-RateLimit-*} headers on every answer; 429 with {@code Retry-After} in seconds; {@code 201
 * {"ticket": {...}}} for a created ticket; {@code {"tickets": [...], "total": n}} from the filter.
 */
final class FreshserviceStub {

    /** The API key the stub accepts. */
    static final String API_KEY = "fs-4pK9qLr2mVb7sXd1";

    static final String JSON = "application/json; charset=utf-8";

    /** The type ids of the default Hardware and Computer asset types of a demo account. */
    static final long HARDWARE_TYPE = 21000855267L;

    static final long COMPUTER_TYPE = 21000855272L;

    private static final int AUTHENTICATED = 5;
    private static final int FALLBACK = 9;

    private final WireMockServer server;

    FreshserviceStub(WireMockServer server) {
        this.server = server;
        server.stubFor(any(anyUrl())
                .atPriority(FALLBACK + 1)
                .willReturn(answer(401)
                        .withBody("{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in to perform"
                                + " this action.\"}")));
    }

    /** {@code Authorization} for {@link #API_KEY}, as a Freshservice client sends it. */
    static String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((API_KEY + ":X").getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON answer with the rate-limit headers every Freshservice answer carries. */
    static ResponseDefinitionBuilder answer(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", JSON)
                .withHeader("X-RateLimit-Total", "100")
                .withHeader("X-RateLimit-Remaining", "97")
                .withHeader("X-RateLimit-Used-CurrentRequest", "1");
    }

    private static MappingBuilder authenticated(MappingBuilder request) {
        return request.withBasicAuth(API_KEY, "X").atPriority(AUTHENTICATED);
    }

    /** {@code GET /api/v2/assets} request for {@code page}, as the connector must send it. */
    static MappingBuilder assetsPage(int page, int perPage) {
        return authenticated(get(urlPathEqualTo("/api/v2/assets"))
                .withQueryParam("include", equalTo("type_fields"))
                .withQueryParam("per_page", equalTo(Integer.toString(perPage)))
                .withQueryParam("page", equalTo(Integer.toString(page))));
    }

    /** Assets 1 to {@code count}, {@code perPage} a page; every later page is empty. */
    void assets(int count, int perPage) {
        int pages = (count + perPage - 1) / perPage;
        for (int page = 1; page <= pages; page++) {
            int first = (page - 1) * perPage + 1;
            int last = Math.min(count, page * perPage);
            server.stubFor(assetsPage(page, perPage).willReturn(assetsAnswer(page, page < pages, first, last)));
        }
        server.stubFor(authenticated(get(urlPathEqualTo("/api/v2/assets")).withQueryParam("page", matching("\\d+")))
                .atPriority(FALLBACK)
                .willReturn(answer(200).withBody("{\"assets\":[]}")));
    }

    /** Page {@code page} holding assets {@code first} to {@code last}. */
    ResponseDefinitionBuilder assetsAnswer(int page, boolean linkToNext, int first, int last) {
        String body = IntStream.rangeClosed(first, last)
                .mapToObj(FreshserviceStub::asset)
                .collect(Collectors.joining(",", "{\"assets\":[", "]}"));
        ResponseDefinitionBuilder answer = answer(200)
                .withHeader("X-RateLimit-Used-CurrentRequest", "3") // include=type_fields costs 2 credits more
                .withBody(body);
        if (linkToNext) {
            answer.withHeader("link", "<" + server.baseUrl() + "/api/v2/assets?page=" + (page + 1) + ">; rel=\"next\"");
        }
        return answer;
    }

    /** The id Freshservice gives asset {@code n} (its display id). */
    static long assetId(int n) {
        return 21_000_200_000L + n;
    }

    /** Asset {@code n}, a computer, with its type fields as {@code include=type_fields} returns them. */
    static String asset(int n) {
        return """
                {"id":%d,"display_id":%d,"name":"LAPTOP-%04d","description":null,"asset_type_id":%d,\
                "impact":"low","author_type":"User","usage_type":"permanent","asset_tag":"ASSET-%d",\
                "user_id":null,"location_id":null,"department_id":null,"agent_id":null,"group_id":null,\
                "assigned_on":null,"created_at":"2024-01-15T09:30:00Z","updated_at":"2024-03-0%dT10:15:00Z",\
                "type_fields":{"product_%d":21000056898,"vendor_%d":null,"cost_%d":"1200.0",\
                "asset_state_%d":"In Use","serial_number_%d":"SN-%05d","last_audit_date_%d":null,\
                "os_%d":"Microsoft Windows 11 Pro","os_version_%d":"10.0.22631","memory_%d":15.73,\
                "hostname_%d":"laptop-%04d","computer_ip_address_%d":"10.0.%d.%d",\
                "mac_address_%d":"AC:5A:FC:44:A6:4C"}}""".formatted(
                        assetId(n),
                        n,
                        n,
                        COMPUTER_TYPE,
                        n,
                        n % 9 + 1,
                        HARDWARE_TYPE,
                        HARDWARE_TYPE,
                        HARDWARE_TYPE,
                        HARDWARE_TYPE,
                        HARDWARE_TYPE,
                        n,
                        HARDWARE_TYPE,
                        COMPUTER_TYPE,
                        COMPUTER_TYPE,
                        COMPUTER_TYPE,
                        COMPUTER_TYPE,
                        n,
                        COMPUTER_TYPE,
                        n / 250,
                        n % 250,
                        COMPUTER_TYPE);
    }

    /** A 429 as Freshservice sends it when the plan's per-minute limit is used up. */
    static ResponseDefinitionBuilder throttled(long retryAfterSeconds) {
        return answer(429)
                .withHeader("X-RateLimit-Remaining", "0")
                .withHeader("Retry-After", Long.toString(retryAfterSeconds))
                .withBody("{\"message\":\"You have exceeded the limit of requests per minute\"}");
    }

    /** {@code GET /api/v2/tickets/filter} looking for the tag {@code tag}. */
    static MappingBuilder ticketFilter(String tag) {
        return authenticated(get(urlPathEqualTo("/api/v2/tickets/filter"))
                .withQueryParam("query", equalTo("\"tag:'" + tag + "'\"")));
    }

    /** The filter's answer listing the tickets {@code ids}. */
    static ResponseDefinitionBuilder filterAnswer(String tag, long... ids) {
        List<String> tickets = new ArrayList<>();
        for (long id : ids) {
            tickets.add(ticket(id, tag));
        }
        return answer(200).withBody("{\"tickets\":[" + String.join(",", tickets) + "],\"total\":" + ids.length + "}");
    }

    /** {@code POST /api/v2/tickets}. */
    static MappingBuilder createTicket() {
        return authenticated(post(urlPathEqualTo("/api/v2/tickets")));
    }

    /** 201 with the created ticket, as Freshservice answers a create. */
    static ResponseDefinitionBuilder created(long id, String tag) {
        return answer(201).withBody("{\"ticket\":" + ticket(id, tag) + "}");
    }

    static String ticket(long id, String tag) {
        return """
                {"id":%d,"subject":"Disk full on build-7","description":"<div>/var is at 100%%</div>",\
                "description_text":"/var is at 100%%","status":2,"priority":1,"source":2,"type":"Incident",\
                "requester_id":21000418006,"requested_for_id":21000418006,"responder_id":null,"group_id":null,\
                "department_id":null,"category":null,"sub_category":null,"item_category":null,"urgency":1,\
                "impact":1,"is_escalated":false,"fr_escalated":false,"spam":false,"deleted":false,\
                "cc_emails":[],"fwd_emails":[],"reply_cc_emails":[],"to_emails":null,"tags":%s,\
                "custom_fields":{},"attachments":[],"due_by":"2024-03-04T17:00:00Z",\
                "fr_due_by":"2024-03-01T17:00:00Z","created_at":"2024-03-01T10:15:00Z",\
                "updated_at":"2024-03-01T10:15:00Z"}""".formatted(id, tag.isEmpty() ? "[]" : "[\"" + tag + "\"]");
    }

    /** {@code GET /api/v2/tickets?per_page=1}, the cheap call that proves URL and key. */
    void oneTicket() {
        server.stubFor(authenticated(get(urlPathEqualTo("/api/v2/tickets")).withQueryParam("per_page", equalTo("1")))
                .willReturn(answer(200)
                        .withHeader("link", "<" + server.baseUrl() + "/api/v2/tickets?page=2>; rel=\"next\"")
                        .withBody("{\"tickets\":[" + ticket(4, "") + "]}")));
    }
}
