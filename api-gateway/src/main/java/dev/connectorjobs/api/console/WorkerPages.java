package dev.connectorjobs.api.console;

import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.workers.Workers;
import io.swagger.v3.oas.annotations.Hidden;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/** The running jobs grouped by worker (live), and every worker with its slots and heartbeat. */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresUser
class WorkerPages {

    private final Workers workers;

    WorkerPages(Workers workers) {
        this.workers = workers;
    }

    @GetMapping("/ui/active")
    String active(@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
        var active = workers.active();
        model.addAttribute("active", active);
        model.addAttribute(
                "running", active.stream().mapToInt(w -> w.tasks().size()).sum());
        return htmx == null ? "console/active" : "console/active :: live";
    }

    @GetMapping("/ui/workers")
    String workers(@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
        model.addAttribute("workers", workers.all());
        return htmx == null ? "console/workers" : "console/workers :: live";
    }
}
