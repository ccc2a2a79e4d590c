package dev.connectorjobs.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The operators' views (workers, running tasks, breakers) and the breaker commands. */
final class AdminReads {

    private final Http http;

    AdminReads(Http http) {
        this.http = http;
    }

    List<Worker> workers() {
        List<Worker> workers = new ArrayList<>();
        for (JsonNode node : get("/api/v1/admin/workers").path("workers")) {
            workers.add(http.json().treeToValue(node, Worker.class));
        }
        return List.copyOf(workers);
    }

    List<ActiveTask> active() {
        List<ActiveTask> tasks = new ArrayList<>();
        for (JsonNode worker : get("/api/v1/admin/tasks/active").path("workers")) {
            for (JsonNode task : worker.path("tasks")) {
                ObjectNode flat = ((ObjectNode) task.deepCopy())
                        .put("worker_id", worker.path("worker_id").asString())
                        .put("worker_stale", worker.path("stale").asBoolean());
                tasks.add(http.json().treeToValue(flat, ActiveTask.class));
            }
        }
        return List.copyOf(tasks);
    }

    List<Breaker> breakers() {
        List<Breaker> breakers = new ArrayList<>();
        for (JsonNode node : get("/api/v1/admin/health/circuit-breakers").path("breakers")) {
            breakers.add(http.json().treeToValue(node, Breaker.class));
        }
        return List.copyOf(breakers);
    }

    BreakerCommandResult command(String service, BreakerAction action) {
        Http.Answer answer = http.send(new Http.Call(
                "POST",
                "/api/v1/admin/health/circuit-breakers/" + URLEncoder.encode(service, StandardCharsets.UTF_8) + "/"
                        + action.path(),
                null,
                Map.of(),
                Http.Retry.SAFE,
                http.settings().requestTimeout()));
        return http.json().treeToValue(answer.body(), BreakerCommandResult.class);
    }

    private JsonNode get(String path) {
        return http.send(new Http.Call(
                        "GET",
                        path,
                        null,
                        Map.of(),
                        Http.Retry.SAFE,
                        http.settings().requestTimeout()))
                .body();
    }
}
