package dev.connectorjobs.worker.connector.jamf;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.havingExactly;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A WireMock Jamf Pro server: the OAuth token endpoint (client credentials, {@code expires_in}), the
 * user-account login and keep-alive ({@code {"token", "expires"}} with an ISO time), the computer and
 * mobile device inventories (page from 0, {@code totalCount}, records sorted by id) and the framework
 * redeploy, answering with Jamf's shapes, its {@code {"httpStatus", "errors"}} failures included.
 */
final class JamfStub {

    static final String CLIENT_ID = "6f1a9b2c-0d3e-4f5a-8b7c-9d0e1f2a3b4c";
    static final String CLIENT_SECRET = "jamf-client-secret-Kq3vW8nZ2pLx";
    static final String USERNAME = "svc-inventory";
    static final String PASSWORD = "jamf-password-Zr7Tq2mW";
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.first";
    static final String SECOND_TOKEN = "eyJhbGciOiJIUzI1NiJ9.second";

    private final WireMockServer service;

    JamfStub(WireMockServer service) {
        this.service = service;
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(body);
    }

    /** Jamf Pro API's error shape. */
    static ResponseDefinitionBuilder error(int status, String code, String description) {
        return json(
                status,
                "{\"httpStatus\":" + status + ",\"errors\":[{\"code\":\"" + code + "\",\"description\":\"" + description
                        + "\",\"id\":\"0\",\"field\":null}]}");
    }

    /** The OAuth token endpoint: {@code token} for the stub's client, {@code invalid_client} otherwise. */
    void oauth(String token) {
        service.stubFor(post(urlPathEqualTo("/api/oauth/token"))
                .atPriority(10)
                .willReturn(json(401, "{\"error\":\"invalid_client\"}")));
        service.stubFor(oauthRequest().atPriority(5).willReturn(oauthAnswer(token)));
    }

    MappingBuilder oauthRequest() {
        return post(urlPathEqualTo("/api/oauth/token"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withFormParam("grant_type", equalTo("client_credentials"))
                .withFormParam("client_id", equalTo(CLIENT_ID))
                .withFormParam("client_secret", equalTo(CLIENT_SECRET));
    }

    static ResponseDefinitionBuilder oauthAnswer(String token) {
        return json(
                200,
                "{\"access_token\":\"" + token + "\",\"scope\":\"api-role:1\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":1799}");
    }

    /** The user login: {@code token} until {@code expires} for the stub's account, 401 otherwise. */
    void login(String token, Instant expires) {
        service.stubFor(post(urlPathEqualTo(JamfSessionTokens.LOGIN))
                .atPriority(10)
                .willReturn(error(401, "INVALID_CREDENTIALS", "Unauthorized")));
        service.stubFor(loginRequest().atPriority(5).willReturn(sessionAnswer(token, expires)));
    }

    MappingBuilder loginRequest() {
        return post(urlPathEqualTo(JamfSessionTokens.LOGIN)).withBasicAuth(USERNAME, PASSWORD);
    }

    /** Keep-alive of {@code token}: {@code fresh} until {@code expires}. */
    void keepAlive(String token, String fresh, Instant expires) {
        service.stubFor(post(urlPathEqualTo(JamfSessionTokens.KEEP_ALIVE))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .willReturn(sessionAnswer(fresh, expires)));
    }

    static ResponseDefinitionBuilder sessionAnswer(String token, Instant expires) {
        return json(200, "{\"token\":\"" + token + "\",\"expires\":\"" + expires + "\"}");
    }

    List<LoggedRequest> requests(String path) {
        return service.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    static MappingBuilder authorized(MappingBuilder request, String token) {
        return request.withHeader("Authorization", equalTo("Bearer " + token));
    }

    /** The request for computer page {@code page} (from 0), {@code size} a page. */
    static MappingBuilder computersPage(String token, int page, int size) {
        return authorized(
                get(urlPathEqualTo(JamfConnector.COMPUTERS))
                        .withQueryParam("section", havingExactly("GENERAL", "HARDWARE", "OPERATING_SYSTEM"))
                        .withQueryParam("page", equalTo(Integer.toString(page)))
                        .withQueryParam("page-size", equalTo(Integer.toString(size)))
                        .withQueryParam("sort", equalTo("id:asc")),
                token);
    }

    /** Serves {@code total} computers, {@code size} a page, to {@code token}. */
    void computers(String token, int total, int size) {
        int pages = Math.max(1, (total + size - 1) / size);
        for (int page = 0; page < pages; page++) {
            service.stubFor(computersPage(token, page, size)
                    .willReturn(json(200, page(page, total, size, JamfStub::computer))));
        }
    }

    static MappingBuilder mobileDevicesPage(String token, int page, int size) {
        return authorized(
                get(urlPathEqualTo(JamfConnector.MOBILE_DEVICES))
                        .withQueryParam("section", havingExactly("GENERAL", "HARDWARE"))
                        .withQueryParam("page", equalTo(Integer.toString(page)))
                        .withQueryParam("page-size", equalTo(Integer.toString(size)))
                        .withQueryParam("sort", equalTo("mobileDeviceId:asc")),
                token);
    }

    void mobileDevices(String token, int total, int size) {
        int pages = Math.max(1, (total + size - 1) / size);
        for (int page = 0; page < pages; page++) {
            service.stubFor(mobileDevicesPage(token, page, size)
                    .willReturn(json(200, page(page, total, size, JamfStub::mobileDevice))));
        }
    }

    static String page(int page, int total, int size, java.util.function.IntFunction<String> record) {
        String results = IntStream.rangeClosed(page * size + 1, Math.min(total, (page + 1) * size))
                .mapToObj(record)
                .collect(Collectors.joining(","));
        return "{\"totalCount\":" + total + ",\"results\":[" + results + "]}";
    }

    /** Computer {@code n} as the computers inventory reports it with three sections. */
    static String computer(int n) {
        return """
                {"id":"%d","udid":"5D1E2C3B-0000-4000-8000-%012d","general":{"name":"MBP-%04d",\
                "lastIpAddress":"10.2.0.%d","lastReportedIp":"192.168.1.%d","jamfBinaryVersion":"11.10.0-t1712345",\
                "platform":"Mac","barcode1":null,"assetTag":null,"remoteManagement":{"managed":true,\
                "managementUsername":"jamfadmin"},"supervised":true,"mdmCapable":{"capable":true,\
                "capableUsers":[]},"reportDate":"2026-12-02T08:14:10.514Z",\
                "lastContactTime":"2026-12-02T18:40:03.417Z","lastEnrolledDate":"2025-03-04T10:00:00Z",\
                "managementId":"a2b1c3d4-0000-4000-8000-%012d","site":{"id":"-1","name":"None"}},\
                "hardware":{"make":"Apple","model":"MacBook Pro (14-inch, 2023)","modelIdentifier":"Mac14,9",\
                "serialNumber":"C02JAMF%05d","macAddress":"3C:22:FB:00:%02X:01"},"operatingSystem":\
                {"name":"macOS","version":"15.1.1","build":"24B91","supplementalBuildVersion":null,\
                "fileVault2Status":"ALL_ENCRYPTED"}}""".formatted(n, n, n, n % 250, n % 250, n, n, n % 256);
    }

    /** Mobile device {@code n} as the mobile device details report it with two sections. */
    static String mobileDevice(int n) {
        return """
                {"mobileDeviceId":"%d","deviceType":"iOS","general":{"udid":"00008110-%016d",\
                "displayName":"iPad-%04d","assetTag":null,"lastInventoryUpdateDate":"2026-12-01T07:55:10.318Z",\
                "osVersion":"18.1","osBuild":"22B83","ipAddress":"10.3.0.%d","managed":true,"supervised":true,\
                "deviceOwnershipType":"Institutional","lastEnrolledDate":"2025-09-01T12:00:00Z"},\
                "hardware":{"capacityMb":122070,"serialNumber":"DMPJAMF%05d","model":"iPad (10th generation)",\
                "modelIdentifier":"iPad13,18","wifiMacAddress":"a4:c3:37:00:00:%02x"}}""".formatted(n, n, n, n % 250, n, n % 256);
    }
}
