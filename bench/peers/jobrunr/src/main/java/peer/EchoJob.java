package peer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jobrunr.jobs.context.JobContext;

/**
 * The benchmark's job: echo its params as its result.
 *
 * <p>JobRunr OSS keeps no return value for a job, so the echo goes where JobRunr keeps per-job
 * output that survives success: the job's dashboard log (metadata key {@code
 * jobRunrDashboardLog-N}), which is written into the job's row together with its SUCCEEDED state,
 * in the same UPDATE. The dashboard's job page (its REST API {@code /api/jobs/{id}}) shows it.
 *
 * <p>Executions of measured jobs are also counted in memory; the server runs in this JVM, so a job
 * run twice is seen here.
 */
public final class EchoJob {

    static final ConcurrentHashMap<Integer, AtomicInteger> EXECUTIONS = new ConcurrentHashMap<>();
    static final String RESULT_PREFIX = "result=";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EchoJob() {}

    public static void echo(JobContext context, Map<String, Object> params) throws Exception {
        if ("world".equals(params.get("hello"))) { // warm-up jobs say "warmup"
            countExecution(((Number) params.get("i")).intValue());
        }
        context.logger().info(RESULT_PREFIX + JSON.writeValueAsString(params));
    }

    static void countExecution(int i) {
        EXECUTIONS.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
    }
}
