package dev.connectorjobs.worker.connector.kit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.inventory.InventoryCollector;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every {@link Paging} strategy, read through {@link Inventory#fetch} from a stubbed vendor whose
 * pages hold devices {@code d-1}, {@code d-2}...: each device exactly once and in order, whatever
 * the vendor's way of paging, a throttled page or a page cap.
 */
class PagingTest {

    static final String DEVICES = "/api/devices";

    static WireMockServer vendor;

    private final ConnectorTestbed testbed = new ConnectorTestbed();

    @BeforeAll
    static void startVendor() {
        vendor = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        vendor.start();
    }

    @AfterAll
    static void stopVendor() {
        vendor.stop();
    }

    @BeforeEach
    void resetVendor() {
        vendor.resetAll();
    }

    @AfterEach
    void closeTestbed() {
        testbed.close();
    }

    private VendorApi api() {
        return VendorApi.builder(
                        DeviceConnectors.INTUNE,
                        testbed.clients().forService("intune"),
                        testbed.mapper,
                        URI.create("http://127.0.0.1:" + vendor.port()))
                .auth(HeaderAuth.bearer("t0ken-for-paging"))
                .throttleWaits(Duration.ofSeconds(30), testbed.clock)
                .build();
    }

    /** {@code "devices": [d-first..d-last]} plus {@code extra} fields of the page. */
    private static String page(int first, int last, String extra) {
        String devices = IntStream.rangeClosed(first, last)
                .mapToObj(n -> "{\"id\":\"d-" + n + "\",\"deviceName\":\"host-" + n + "\"}")
                .collect(Collectors.joining(","));
        return "{\"devices\":[" + devices + "]" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static List<String> ids(int first, int last) {
        return IntStream.rangeClosed(first, last).mapToObj(n -> "d-" + n).toList();
    }

    private static NormalizedAsset normalize(tools.jackson.databind.JsonNode item, String path) {
        if (!item.path("id").isString()) {
            throw new Inventory.MalformedItemException(path + ".id is missing");
        }
        return new NormalizedAsset(
                "intune",
                item.path("id").stringValue(),
                item.path("deviceName").asString(null),
                null,
                null,
                null,
                List.of(),
                null,
                Map.of());
    }

    private Inventory.Fetched fetch(VendorRequest first, Paging paging, int pageCap, FakeJobContext job) {
        InventoryCollector collector = InventoryCollector.forJob("intune", job, testbed.inventory(), testbed.sink());
        return Inventory.of(api(), "devices", paging, PagingTest::normalize)
                .pageCap(pageCap)
                .fetch(first, collector, job);
    }

    private Inventory.Fetched fetch(VendorRequest first, Paging paging) {
        return fetch(first, paging, 100, aJob("intune", "fetch_assets"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> sourceIds(Inventory.Fetched fetched) {
        return ((List<NormalizedAsset>) fetched.result().get("assets"))
                .stream().map(NormalizedAsset::sourceId).toList();
    }

    private static MappingBuilder devices() {
        return get(urlPathEqualTo(DEVICES));
    }

    @Test
    void next_link_follows_the_link_in_each_page_until_a_page_has_none() {
        vendor.stubFor(devices()
                .withQueryParam("$skiptoken", absent())
                .willReturn(okJson(page(
                        1,
                        2,
                        "\"@odata.nextLink\":\"http://127.0.0.1:" + vendor.port() + DEVICES
                                + "?$skiptoken=c2tpcDI%3D\""))));
        vendor.stubFor(get(urlEqualTo(DEVICES + "?$skiptoken=c2tpcDI%3D"))
                .willReturn(okJson(page(3, 4, "\"@odata.nextLink\":\"" + DEVICES + "?$skiptoken=c2tpcDQ%3D\""))));
        vendor.stubFor(get(urlEqualTo(DEVICES + "?$skiptoken=c2tpcDQ%3D"))
                .willReturn(okJson(page(5, 5, "\"@odata.nextLink\":null"))));

        Inventory.Fetched fetched = fetch(VendorRequest.get(DEVICES), Paging.nextLink("@odata.nextLink"));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 5));
        assertThat(fetched.result()).containsEntry("pages", 3).containsEntry("page_cap_reached", false);
        assertThat(fetched.lastPage()).isNotNull();
        assertThat(fetched.lastPage().array("devices")).hasSize(1);
    }

    @Test
    void token_passes_each_pages_opaque_token_back_as_the_query_parameter() {
        vendor.stubFor(devices()
                .withQueryParam("pageToken", absent())
                .willReturn(okJson(page(1, 2, "\"nextPageToken\":\"Cg+/x==\""))));
        vendor.stubFor(devices()
                .withQueryParam("pageToken", equalTo("Cg+/x=="))
                .willReturn(okJson(page(3, 4, "\"nextPageToken\":\"\""))));

        Inventory.Fetched fetched = fetch(
                VendorRequest.get(DEVICES).withQuery("pageSize", "2"), Paging.token("pageToken", "nextPageToken"));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 4));
        vendor.verify(
                1,
                getRequestedFor(urlPathEqualTo(DEVICES))
                        .withQueryParam("pageToken", equalTo("Cg+/x=="))
                        .withQueryParam("pageSize", equalTo("2")));
    }

    @Test
    void page_number_counts_pages_until_the_total_is_read() {
        vendor.stubFor(
                devices().withQueryParam("page", equalTo("0")).willReturn(okJson(page(1, 2, "\"totalCount\":5"))));
        vendor.stubFor(
                devices().withQueryParam("page", equalTo("1")).willReturn(okJson(page(3, 4, "\"totalCount\":5"))));
        vendor.stubFor(
                devices().withQueryParam("page", equalTo("2")).willReturn(okJson(page(5, 5, "\"totalCount\":5"))));

        Inventory.Fetched fetched = fetch(
                VendorRequest.get(DEVICES).withQuery("page", "0").withQuery("page-size", "2"),
                Paging.pageNumber("page", 0, 2, "totalCount"));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 5));
        assertThat(vendor.findAll(getRequestedFor(urlPathEqualTo(DEVICES)))).hasSize(3);
    }

    @Test
    void offset_advances_by_the_items_of_each_page_until_a_short_page() {
        vendor.stubFor(devices().withQueryParam("offset", equalTo("0")).willReturn(okJson(page(1, 2, ""))));
        vendor.stubFor(devices().withQueryParam("offset", equalTo("2")).willReturn(okJson(page(3, 4, ""))));
        vendor.stubFor(devices().withQueryParam("offset", equalTo("4")).willReturn(okJson(page(5, 5, ""))));

        Inventory.Fetched fetched = fetch(
                VendorRequest.get(DEVICES).withQuery("limit", "2").withQuery("offset", "0"),
                Paging.offset("offset", 2));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 5));
        assertThat(vendor.findAll(getRequestedFor(urlPathEqualTo(DEVICES)))).hasSize(3);
    }

    @Test
    void until_empty_counts_pages_until_one_comes_back_empty() {
        vendor.stubFor(devices().withQueryParam("page", equalTo("1")).willReturn(okJson(page(1, 2, ""))));
        vendor.stubFor(devices().withQueryParam("page", equalTo("2")).willReturn(okJson(page(3, 4, ""))));
        vendor.stubFor(devices().withQueryParam("page", equalTo("3")).willReturn(okJson("{\"devices\":[]}")));

        Inventory.Fetched fetched =
                fetch(VendorRequest.get(DEVICES).withQuery("page", "1"), Paging.untilEmpty("page", 1, 0));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 4));
        assertThat(fetched.result()).containsEntry("pages", 3);
    }

    @Test
    void a_429_mid_paging_is_waited_out_and_paging_resumes_at_the_same_page_without_gaps_or_duplicates() {
        testbed.clients("jobs.http.services.intune.max-retry-after", "0s");
        vendor.stubFor(devices().withQueryParam("offset", equalTo("0")).willReturn(okJson(page(1, 2, ""))));
        vendor.stubFor(devices()
                .withQueryParam("offset", equalTo("2"))
                .inScenario("limit")
                .whenScenarioStateIs(STARTED)
                .willSetStateTo("window reset")
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Retry-After", "1")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"Rate limit exceeded\"}")));
        vendor.stubFor(devices()
                .withQueryParam("offset", equalTo("2"))
                .inScenario("limit")
                .whenScenarioStateIs("window reset")
                .willReturn(okJson(page(3, 4, ""))));
        vendor.stubFor(devices().withQueryParam("offset", equalTo("4")).willReturn(okJson(page(5, 5, ""))));

        Inventory.Fetched fetched = fetch(
                VendorRequest.get(DEVICES).withQuery("offset", "0"),
                Paging.offset("offset", 2),
                100,
                aJob("intune", "fetch_assets"));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 5));
        assertThat(fetched.result()).containsEntry("count", 5L).containsEntry("pages", 3);
        vendor.verify(2, getRequestedFor(urlPathEqualTo(DEVICES)).withQueryParam("offset", equalTo("2")));
    }

    @Test
    void the_page_cap_stops_paging_and_the_result_says_so() {
        vendor.stubFor(devices().withQueryParam("page", equalTo("1")).willReturn(okJson(page(1, 2, ""))));
        vendor.stubFor(devices().withQueryParam("page", equalTo("2")).willReturn(okJson(page(3, 4, ""))));
        vendor.stubFor(devices().withQueryParam("page", equalTo("3")).willReturn(okJson(page(5, 6, ""))));

        Inventory.Fetched fetched = fetch(
                VendorRequest.get(DEVICES).withQuery("page", "1"),
                Paging.untilEmpty("page", 1, 2),
                2,
                aJob("intune", "fetch_assets"));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 4));
        assertThat(fetched.result()).containsEntry("pages", 2).containsEntry("page_cap_reached", true);
        vendor.verify(0, getRequestedFor(urlPathEqualTo(DEVICES)).withQueryParam("page", equalTo("3")));
    }

    @Test
    void max_assets_stops_paging_without_the_page_cap_being_reached() {
        vendor.stubFor(devices().withQueryParam("page", equalTo("1")).willReturn(okJson(page(1, 2, ""))));
        vendor.stubFor(devices().withQueryParam("page", equalTo("2")).willReturn(okJson(page(3, 4, ""))));

        Inventory.Fetched fetched = fetch(
                VendorRequest.get(DEVICES).withQuery("page", "1"),
                Paging.untilEmpty("page", 1, 2),
                100,
                aJob("intune", "fetch_assets").param("max_assets", 3));

        assertThat(sourceIds(fetched)).isEqualTo(ids(1, 3));
        assertThat(fetched.result()).containsEntry("page_cap_reached", false);
    }

    @Test
    void a_continuation_that_repeats_the_current_page_is_refused_instead_of_looping() {
        vendor.stubFor(devices().willReturn(okJson(page(1, 2, "\"nextPageToken\":\"same\""))));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> fetch(
                        VendorRequest.get(DEVICES).withQuery("pageToken", "same"),
                        Paging.token("pageToken", "nextPageToken")));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("intune", "GET " + DEVICES, "repeats the current one");
        vendor.verify(1, getRequestedFor(urlPathEqualTo(DEVICES)));
    }

    @Test
    void an_item_the_normalizer_cannot_read_fails_the_page_naming_the_item_and_the_field() {
        vendor.stubFor(devices().withQueryParam("page", equalTo("1")).willReturn(okJson(page(1, 2, ""))));
        vendor.stubFor(devices()
                .withQueryParam("page", equalTo("2"))
                .willReturn(okJson("{\"devices\":[{\"id\":\"d-3\"},{\"deviceName\":\"orphan\"}]}")));

        ConnectorException failure = catchThrowableOfType(
                ConnectorException.class,
                () -> fetch(VendorRequest.get(DEVICES).withQuery("page", "1"), Paging.untilEmpty("page", 1, 2)));

        assertThat(failure.errorType()).isEqualTo("MalformedResponse");
        assertThat(failure.getMessage()).contains("intune", "page 2", "devices[1].id is missing");
    }
}
