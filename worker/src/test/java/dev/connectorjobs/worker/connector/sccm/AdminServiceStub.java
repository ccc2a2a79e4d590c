package dev.connectorjobs.worker.connector.sccm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * A WireMock Configuration Manager administration service behind a proxy that takes HTTP Basic: the
 * WMI route's {@code SMS_Site} and {@code SMS_R_System} ({@code {"@odata.context", "value"}}, paged
 * by {@code $top}/{@code $skip}) with OData errors, and the {@code 401} with {@code WWW-Authenticate:
 * Negotiate} and {@code NTLM} that the SMS Provider itself gives a request it cannot authenticate.
 */
final class AdminServiceStub {

    static final String USERNAME = "CORP\\svc-cm-api";
    static final String PASSWORD = "cm-password-Hx4vQ9wT";

    private final WireMockServer service;

    AdminServiceStub(WireMockServer service) {
        this.service = service;
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; odata.metadata=minimal; charset=utf-8")
                .withHeader("OData-Version", "4.0")
                .withBody(body);
    }

    /** The OData error shape. */
    static ResponseDefinitionBuilder error(int status, String code, String message) {
        return json(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }

    /** What an unauthenticated request gets: Windows authentication only. */
    void windowsAuthenticationOnly() {
        service.stubFor(any(anyUrl())
                .atPriority(10)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("WWW-Authenticate", "Negotiate")
                        .withHeader("WWW-Authenticate", "NTLM")
                        .withHeader("Content-Type", "text/html")
                        .withBody("<h1>401 - Unauthorized</h1>")));
    }

    /** {@code request} with the stub's account; the proxy answers 401 Basic to anything else. */
    MappingBuilder authorized(MappingBuilder request) {
        service.stubFor(any(anyUrl())
                .atPriority(9)
                .willReturn(
                        aResponse().withStatus(401).withHeader("WWW-Authenticate", "Basic realm=\"AdminService\"")));
        return request.withBasicAuth(USERNAME, PASSWORD).atPriority(5);
    }

    void site() {
        service.stubFor(authorized(get(urlPathEqualTo(SccmConnector.SITE)))
                .willReturn(json(
                        200,
                        "{\"@odata.context\":\"" + service.baseUrl() + "/AdminService/wmi/$metadata#SMS_Site\","
                                + "\"value\":[{\"@odata.etag\":\"1\",\"BuildNumber\":9128,\"InstallDir\":"
                                + "\"C:\\\\Program Files\\\\Microsoft Configuration Manager\",\"ReportingSiteCode\":"
                                + "\"\",\"ServerName\":\"CM01.CORP.EXAMPLE\",\"SiteCode\":\"PS1\",\"SiteName\":"
                                + "\"Primary Site 1\",\"Status\":1,\"Type\":2,\"Version\":\"5.00.9128.1000\"}]}")));
    }

    /** The request for the page at {@code skip}, {@code top} a page. */
    static MappingBuilder systemsPage(int top, int skip) {
        return get(urlPathEqualTo(SccmConnector.SYSTEMS))
                .withQueryParam("$select", equalTo(String.join(",", SystemNormalizer.SELECT)))
                .withQueryParam("$top", equalTo(Integer.toString(top)))
                .withQueryParam("$skip", equalTo(Integer.toString(skip)));
    }

    /** Serves {@code total} systems, {@code top} a page; the page after the last full one is empty. */
    void systems(int total, int top) {
        for (int skip = 0; skip <= total; skip += top) {
            service.stubFor(authorized(systemsPage(top, skip))
                    .willReturn(json(200, page(skip + 1, Math.min(total, skip + top), null))));
        }
    }

    String page(int first, int last, @Nullable String nextLink) {
        String value = first > last
                ? ""
                : IntStream.rangeClosed(first, last)
                        .mapToObj(AdminServiceStub::system)
                        .collect(Collectors.joining(","));
        return "{\"@odata.context\":\"" + service.baseUrl() + "/AdminService/wmi/$metadata#SMS_R_System\",\"value\":["
                + value + "]" + (nextLink == null ? "" : ",\"@odata.nextLink\":\"" + nextLink + "\"") + "}";
    }

    /** System {@code n} with the selected properties, as the WMI route reports it. */
    static String system(int n) {
        return """
                {"ResourceId":%d,"Name":"PC-%04d","NetbiosName":"PC-%04d",\
                "OperatingSystemNameandVersion":"Microsoft Windows NT Workstation 10.0","Build":"10.0.22631",\
                "Client":1,"ClientVersion":"5.00.9128.1007","Active":1,"Obsolete":0,"Decommissioned":0,\
                "LastLogonUserName":"user%d","LastLogonTimestamp":"2026-11-30T08:01:12Z",\
                "IPAddresses":["10.4.0.%d","fe80::1c2b:%x"],"MACAddresses":["00:15:5D:00:%02X:01"],\
                "ResourceDomainORWorkgroup":"CORP","SMSUniqueIdentifier":"GUID:0F5D3A2C-0000-4000-8000-%012d",\
                "DistinguishedName":"CN=PC-%04d,OU=Workstations,DC=corp,DC=example"}""".formatted(16_777_216 + n, n, n, n, n % 250, n, n % 256, n, n);
    }
}
