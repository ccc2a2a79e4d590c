package dev.connectorjobs.worker.connector.jira;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.connectorjobs.model.asset.NormalizedAsset;
import dev.connectorjobs.worker.breaker.Breakers;
import dev.connectorjobs.worker.connector.inventory.AssetSink;
import dev.connectorjobs.worker.connector.inventory.InventoryProperties;
import dev.connectorjobs.worker.http.HttpProperties;
import dev.connectorjobs.worker.http.ServiceHttpClients;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches a large Assets inventory (50,000 objects by default) from a stub that generates each AQL
 * page on demand, as the real service does, and prints the time taken and the peak heap. Not a
 * test: run its main, with a small heap to show that memory stays bounded.
 *
 * <pre>
 * ./mvnw -o -q test-compile dependency:build-classpath -pl bench -am \
 *     -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -Xmx64m -cp bench/target/test-classes:$(cat /tmp/cp.txt) \
 *     dev.connectorjobs.worker.connector.jira.JiraFetchBenchmark [objects] [page-size]
 * </pre>
 */
public final class JiraFetchBenchmark {

    private static final Pattern START_AT = Pattern.compile("startAt=(\\d+)");

    private JiraFetchBenchmark() {}

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> answer(exchange, objects, pageSize));
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        Clock clock = Clock.systemUTC();
        HttpProperties http = new HttpProperties(null, null);
        long[] published = {0};
        AssetSink sink = new AssetSink() {
            @Override
            public void publish(NormalizedAsset asset) {
                published[0]++;
            }

            @Override
            public void flush() {}
        };
        try (ServiceHttpClients clients = new ServiceHttpClients(http, Breakers.registry(clock, Map.of()), clock)) {
            JiraConnector connector = new JiraConnector(
                    JiraPropertiesTest.bind(Map.of(
                            "jobs.connectors.jira.base-url",
                            url,
                            "jobs.connectors.jira.assets-base-url",
                            url,
                            "jobs.connectors.jira.workspace-id",
                            AssetsPages.WORKSPACE,
                            "jobs.connectors.jira.auth.username",
                            "bench@acme.example",
                            "jobs.connectors.jira.auth.token",
                            "bench-token",
                            "jobs.connectors.jira.page-size",
                            Integer.toString(pageSize))),
                    new InventoryProperties(500),
                    clients,
                    sink,
                    JsonMapper.builder().build(),
                    clock);
            System.gc();
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            Object result =
                    connector.execute(dev.connectorjobs.worker.connector.FakeJobContext.aJob("jira", "fetch_assets")
                            .param("publish", true));
            long millis = (System.nanoTime() - start) / 1_000_000;
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .mapToLong(pool -> pool.getPeakUsage().getUsed())
                    .sum();
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) result;
            System.out.printf(
                    "MEASURE jira fetch_assets objects=%s published=%d pages=%d time_ms=%d peak_heap_mib=%.1f"
                            + " max_heap_mib=%d%n",
                    summary.get("count"),
                    published[0],
                    (objects + pageSize - 1) / pageSize,
                    millis,
                    peak / 1024.0 / 1024.0,
                    Runtime.getRuntime().maxMemory() / 1024 / 1024);
        } finally {
            server.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int objects, int pageSize) throws IOException {
        Matcher startAt =
                START_AT.matcher(String.valueOf(exchange.getRequestURI().getRawQuery()));
        int from = startAt.find() ? Integer.parseInt(startAt.group(1)) : 0;
        int to = Math.min(objects, from + pageSize);
        exchange.getRequestBody().readAllBytes();
        byte[] body = AssetsPages.page(from, pageSize, objects, to >= objects ? "true" : "false", from + 1, to)
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
