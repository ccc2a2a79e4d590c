package peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jobrunr.jobs.context.JobContext;

/**
 * The benchmark's I/O-bound job, the project's {@code http} job: one HTTP GET to the stub vendor
 * ({@code devstack latency-stub}, which answers after a fixed latency), and the params plus the
 * response's status code as its result, written where {@link EchoJob} writes its echo (the job's
 * dashboard log, saved with SUCCEEDED).
 *
 * <p>One {@link HttpClient} for the JVM: HTTP/1.1 with its pool of kept-alive connections (the JDK
 * client does not bound it; there are as many as requests in flight, at most one per worker). A
 * worker on a virtual thread that waits for the answer unmounts from its carrier thread. The stub's
 * base URL is set once by {@link PeerBench} before the server starts (it is not a job parameter).
 */
public final class HttpJob {

    static volatile String baseUrl = "http://127.0.0.1:18080";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpJob() {}

    public static void call(JobContext context, Map<String, Object> params) throws Exception {
        int i = ((Number) params.get("i")).intValue();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/peer/" + i))
                .timeout(Duration.ofSeconds(60))
                .GET()
                .build();
        HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if ("world".equals(params.get("hello"))) { // warm-up jobs say "warmup"
            EchoJob.countExecution(i);
        }
        Map<String, Object> result = new LinkedHashMap<>(params);
        result.put("status", response.statusCode());
        context.logger().info(EchoJob.RESULT_PREFIX + JSON.writeValueAsString(result));
    }
}
