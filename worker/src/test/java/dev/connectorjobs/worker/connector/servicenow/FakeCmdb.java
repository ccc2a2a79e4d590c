package dev.connectorjobs.worker.connector.servicenow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hc.core5.net.URIBuilder;

/**
 * A CMDB table as the ServiceNow Table API serves it, generated on the fly so that large tables
 * cost no stub memory: {@code {"result": [...]}} with every value a string, {@code sysparm_limit}
 * (default 10000), {@code sysparm_offset} and {@code sysparm_fields} honoured, records in {@code
 * sys_id} order, {@code X-Total-Count}, and a {@code Link} header with first/prev/next/last
 * targets (absolute URLs of the instance) that is left out when everything fits one page. Tests
 * can drop the {@code Link} or {@code X-Total-Count} header (as proxies do) and throttle a page once
 * with a 429 and {@code Retry-After}, as the instance's rate limiting does.
 *
 * <p>Use it with {@code aResponse().withTransformers(FakeCmdb.NAME)}.
 */
final class FakeCmdb implements ResponseDefinitionTransformerV2 {

    static final String NAME = "servicenow-cmdb";

    static final List<String> ALL_FIELDS = List.of(
            "sys_id",
            "name",
            "sys_class_name",
            "serial_number",
            "asset_tag",
            "os",
            "os_version",
            "ip_address",
            "mac_address",
            "fqdn",
            "manufacturer",
            "model_id",
            "location",
            "operational_status",
            "install_status",
            "sys_updated_on");

    private static final LocalDateTime UPDATED = LocalDateTime.of(2024, 3, 1, 8, 15, 0);

    private volatile int size;
    private volatile boolean link = true;
    private volatile boolean totalCount = true;
    private final Set<Long> throttledOffsets = ConcurrentHashMap.newKeySet();

    /** Back to a table of {@code size} CIs with both headers and no throttling. */
    FakeCmdb reset(int size) {
        this.size = size;
        this.link = true;
        this.totalCount = true;
        throttledOffsets.clear();
        return this;
    }

    FakeCmdb withoutLinkHeader() {
        link = false;
        return this;
    }

    FakeCmdb withoutTotalCount() {
        totalCount = false;
        return this;
    }

    /** The page at {@code offset} is answered once with 429 and {@code Retry-After: 1}. */
    FakeCmdb throttleOnceAt(long offset) {
        throttledOffsets.add(offset);
        return this;
    }

    /** The sys_id of CI number {@code i}: 32 hex digits, so that sys_id order is number order. */
    static String sysId(long i) {
        String hex = Long.toHexString(i);
        return "0".repeat(32 - hex.length()) + hex;
    }

    private static String pad(long i, int width) {
        String digits = Long.toString(i);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static String hex(long i) {
        String hex = Long.toHexString(i & 255);
        return hex.length() == 2 ? hex : "0" + hex;
    }

    /** When CI number {@code i} was last updated, as {@code last_seen}. */
    static Instant updated(long i) {
        return UPDATED.plusSeconds(i).toInstant(ZoneOffset.UTC);
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        LoggedRequest request = event.getRequest();
        long offset = number(request.queryParameter("sysparm_offset"), 0);
        long limit = number(request.queryParameter("sysparm_limit"), 10_000);
        if (throttledOffsets.remove(offset)) {
            return aResponse()
                    .withStatus(429)
                    .withHeader("Content-Type", "application/json;charset=UTF-8")
                    .withHeader("Retry-After", "1")
                    .withHeader("X-RateLimit-Limit", "1000")
                    .withHeader("X-RateLimit-Reset", Long.toString(Instant.now().getEpochSecond() + 1))
                    .withBody("{\"error\":{\"message\":\"Rate limit exceeded\",\"detail\":\"Rate limit of 1000"
                            + " requests per hour exceeded for this user\"},\"status\":\"failure\"}")
                    .build();
        }
        List<String> fields = fields(request.queryParameter("sysparm_fields"));
        StringBuilder body = new StringBuilder(1024 + (int) Math.min(limit, size) * 400).append("{\"result\":[");
        for (long i = offset; i < Math.min(size, offset + limit); i++) {
            if (i > offset) {
                body.append(',');
            }
            appendRecord(body, i, fields);
        }
        body.append("]}");
        ResponseDefinitionBuilder response = aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBody(body.toString());
        if (totalCount) {
            response.withHeader("X-Total-Count", Integer.toString(size));
        }
        if (link && size > limit) {
            response.withHeader("Link", link(request.getAbsoluteUrl(), offset, limit));
        }
        return response.build();
    }

    private String link(String url, long offset, long limit) {
        List<String> links = new ArrayList<>();
        links.add(target(url, 0, "first"));
        if (offset > 0) {
            links.add(target(url, Math.max(0, offset - limit), "prev"));
        }
        if (offset + limit < size) {
            links.add(target(url, offset + limit, "next"));
        }
        links.add(target(url, ((size - 1) / limit) * limit, "last"));
        return String.join(",", links);
    }

    private static String target(String url, long offset, String rel) {
        try {
            URI page = new URIBuilder(url)
                    .setParameter("sysparm_offset", Long.toString(offset))
                    .build();
            return "<" + page + ">;rel=\"" + rel + "\"";
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void appendRecord(StringBuilder body, long i, List<String> fields) {
        body.append('{');
        boolean first = true;
        for (String field : fields) {
            String value = value(field, i);
            if (value == null) {
                continue;
            }
            if (!first) {
                body.append(',');
            }
            first = false;
            body.append('"').append(field).append("\":\"").append(value).append('"');
        }
        body.append('}');
    }

    private static String value(String field, long i) {
        return switch (field) {
            case "sys_id" -> sysId(i);
            case "name" -> "srv-" + pad(i, 6);
            case "sys_class_name" -> "cmdb_ci_linux_server";
            case "serial_number" -> "VMW-" + pad(i, 8);
            case "asset_tag" -> "P" + pad(i, 7);
            case "os" -> "Linux Red Hat";
            case "os_version" -> "9.3";
            case "ip_address" -> "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
            case "mac_address" -> "00:50:56:" + hex(i >> 16) + ":" + hex(i >> 8) + ":" + hex(i);
            case "fqdn" -> "srv-" + pad(i, 6) + ".acme.example";
            case "manufacturer" -> "b7e7d7d8c0a8016900a5d7f291acce5c";
            case "model_id" -> "";
            case "location" -> "";
            case "operational_status" -> "1";
            case "install_status" -> "1";
            case "sys_updated_on" -> CiNormalizer.GLIDE_DATE_TIME.format(UPDATED.plusSeconds(i));
            default -> null;
        };
    }

    private static List<String> fields(QueryParameter parameter) {
        if (!parameter.isPresent()) {
            return ALL_FIELDS;
        }
        return Arrays.stream(parameter.firstValue().split(","))
                .map(String::trim)
                .toList();
    }

    private static long number(QueryParameter parameter, long absent) {
        return parameter.isPresent() ? Long.parseLong(parameter.firstValue()) : absent;
    }
}
