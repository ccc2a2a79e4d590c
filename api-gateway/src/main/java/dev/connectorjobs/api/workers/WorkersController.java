package dev.connectorjobs.api.workers;

import dev.connectorjobs.api.security.RequiresUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** What runs where: the known workers, and the running jobs grouped by worker. */
@RestController
@RequiresUser
class WorkersController {

    private final Workers workers;

    WorkersController(Workers workers) {
        this.workers = workers;
    }

    @GetMapping("/api/v1/admin/workers")
    Map<String, Object> workers() {
        List<Workers.WorkerView> all = workers.all();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("workers", all);
        answer.put("total", all.size());
        answer.put(
                "active", all.stream().filter(w -> w.state().equals("active")).count());
        return answer;
    }

    @GetMapping("/api/v1/admin/tasks/active")
    Map<String, Object> active() {
        List<Workers.ActiveWorker> active = workers.active();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("workers", active);
        answer.put("total", active.stream().mapToInt(w -> w.tasks().size()).sum());
        return answer;
    }
}
