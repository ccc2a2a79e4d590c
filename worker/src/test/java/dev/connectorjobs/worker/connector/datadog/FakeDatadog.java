package dev.connectorjobs.worker.connector.datadog;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Datadog's API v1 as Datadog answers it, for {@code any(urlPathMatching("/api/v1/.*"))}: keys in
 * {@code DD-API-KEY} and (for reads) {@code DD-APPLICATION-KEY}, a wrong or missing one a 403 {@code
 * {"errors": ["Forbidden"]}}; {@code GET /api/v1/validate}; {@code GET /api/v1/hosts?start=&count=}
 * slices of the hosts with {@code total_matching} and {@code total_returned} (an EC2 host carries
 * {@code aws_id} instead of {@code id}), {@code filter} matching a name or tag, {@code count} above
 * 1000 a 400; {@code POST /api/v1/events} answers 202 with the event.
 *
 * <p>Rate limits as Datadog counts them: with {@link #limitHosts}, at most {@code limit} host requests
 * in each window of {@code period} seconds, counted from the first request; every request beyond is
 * a 429 with {@code X-RateLimit-Limit}, {@code -Period}, {@code -Remaining: 0}, {@code -Name} and
 * {@code -Reset}, the whole seconds until the window ends (rounded up), and no {@code Retry-After}.
 */
final class FakeDatadog implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-datadog";

    private final String apiKey;
    private final String applicationKey;
    private volatile List<String> hosts = List.of();
    private volatile int limit = Integer.MAX_VALUE;
    private volatile int periodSeconds = 10;
    private volatile long windowStart = -1;
    private final AtomicLong inWindow = new AtomicLong();
    private final AtomicLong events = new AtomicLong(6_458_711_000_000_000_000L);

    FakeDatadog(String apiKey, String applicationKey) {
        this.apiKey = apiKey;
        this.applicationKey = applicationKey;
    }

    synchronized void reset() {
        hosts = List.of();
        limit = Integer.MAX_VALUE;
        windowStart = -1;
        inWindow.set(0);
    }

    /** The organization's hosts, as JSON objects of the host list. */
    void hosts(List<String> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    /** At most {@code limit} host requests per window of {@code periodSeconds} seconds. */
    synchronized void limitHosts(int limit, int periodSeconds) {
        this.limit = limit;
        this.periodSeconds = periodSeconds;
        windowStart = -1;
        inWindow.set(0);
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
        String path = request.getUrl().replaceFirst("\\?.*", "");
        if (!apiKey.equals(request.getHeader("DD-API-KEY"))) {
            return json(403, "{\"errors\":[\"Forbidden\"]}").build();
        }
        return switch (path) {
            case "/api/v1/validate" -> json(200, "{\"valid\":true}").build();
            case "/api/v1/events" -> event(request);
            case "/api/v1/hosts" ->
                applicationKey.equals(request.getHeader("DD-APPLICATION-KEY"))
                        ? throttled().orElseGet(() -> hosts(request))
                        : json(403, "{\"errors\":[\"Forbidden\"]}").build();
            default -> json(404, "{\"errors\":[\"Not found\"]}").build();
        };
    }

    private synchronized Optional<ResponseDefinition> throttled() {
        if (limit == Integer.MAX_VALUE) {
            return Optional.empty();
        }
        long now = System.nanoTime();
        long period = periodSeconds * 1_000_000_000L;
        if (windowStart < 0 || now - windowStart >= period) {
            windowStart = now;
            inWindow.set(0);
        }
        long used = inWindow.incrementAndGet();
        long remaining = Math.max(0, limit - used);
        if (used <= limit) {
            return Optional.empty();
        }
        long resetSeconds = (windowStart + period - now + 999_999_999L) / 1_000_000_000L;
        return Optional.of(json(
                        429,
                        "{\"errors\":[\"Rate limit of " + limit + " requests in " + periodSeconds
                                + " seconds reached. Please try again later.\"]}")
                .withHeader("X-RateLimit-Limit", Integer.toString(limit))
                .withHeader("X-RateLimit-Period", Integer.toString(periodSeconds))
                .withHeader("X-RateLimit-Remaining", Long.toString(remaining))
                .withHeader("X-RateLimit-Reset", Long.toString(resetSeconds))
                .withHeader("X-RateLimit-Name", "hosts_list")
                .build());
    }

    private ResponseDefinition hosts(LoggedRequest request) {
        int start = integer(request.queryParameter("start"), 0);
        int count = integer(request.queryParameter("count"), 100);
        if (count > 1000) {
            return json(400, "{\"errors\":[\"Count must be less than or equal to 1000\"]}")
                    .build();
        }
        QueryParameter filter = request.queryParameter("filter");
        List<String> matching = new ArrayList<>();
        for (String host : hosts) {
            if (!filter.isPresent() || host.toLowerCase(Locale.ROOT).contains(filter.firstValue())) {
                matching.add(host);
            }
        }
        List<String> page =
                matching.subList(Math.min(start, matching.size()), Math.min(matching.size(), start + count));
        return json(
                        200,
                        "{\"host_list\":[" + String.join(",", page) + "],\"total_matching\":" + matching.size()
                                + ",\"total_returned\":" + page.size() + "}")
                .build();
    }

    private ResponseDefinition event(LoggedRequest request) {
        long id = events.incrementAndGet();
        String body = request.getBodyAsString();
        String title = body.replaceFirst(".*\"title\":\"([^\"]*)\".*", "$1");
        return json(
                        202,
                        "{\"status\":\"ok\",\"event\":{\"id\":" + id + ",\"id_str\":\"" + id + "\",\"title\":\"" + title
                                + "\",\"date_happened\":1767261600,\"handle\":null,\"priority\":null,"
                                + "\"related_event_id\":null,\"tags\":null,\"url\":\"https://app.datadoghq.com/event/event?id="
                                + id + "\"}}")
                .build();
    }

    private static int integer(QueryParameter parameter, int otherwise) {
        return parameter.isPresent() ? Integer.parseInt(parameter.firstValue()) : otherwise;
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("DD-POOL", "dogweb")
                .withBody(body);
    }

    /** A Linux host reporting through the Agent, as {@code include_hosts_metadata=true} lists it. */
    static String linuxHost(int n) {
        return """
                {"name":"web-%03d.prod.internal","id":%d,"aliases":["web-%03d.prod.internal","i-0a1b2c%04d"],\
                "apps":["agent","nginx","ntp","system"],"aws_name":null,"host_name":"web-%03d.prod.internal",\
                "is_muted":false,"last_reported_time":%d,"meta":{"agent_version":"7.61.0","machine":"x86_64",\
                "platform":"linux","processor":"Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz","cpuCores":4,\
                "nixV":["ubuntu","22.04",""],"socket-fqdn":"web-%03d","socket-hostname":"web-%03d",\
                "gohai":"{\\"platform\\":{\\"os\\":\\"GNU/Linux\\"}}"},"metrics":{"cpu":12.5,"iowait":0.3,\
                "load":0.42},"mute_timeout":null,"sources":["agent"],"tags_by_source":{"Datadog":["host:web-%03d"],\
                "Users":["env:prod","team:web"]},"up":true}""".formatted(n, 1_000_000 + n, n, n, n, 1_767_261_600L + n, n, n, n);
    }

    /** An Amazon EC2 instance known through the AWS integration: {@code aws_id} instead of {@code id}. */
    static String ec2Host(String instance) {
        return """
                {"name":"%s","aws_id":"%s","aliases":["%s","ip-10-1-2-3.eu-west-1.compute.internal"],\
                "apps":["aws"],"aws_name":"batch-worker","host_name":"%s","is_muted":true,\
                "last_reported_time":1767261000,"meta":{"platform":"windows","winV":["2022Server","10.0.20348",\
                "SP0","Multiprocessor Free"]},"metrics":{},"mute_timeout":null,"sources":["aws"],\
                "tags_by_source":{"Amazon Web Services":["availability-zone:eu-west-1a","env:prod"]},"up":false}""".formatted(instance, instance, instance, instance);
    }
}
