package dev.connectorjobs.api.console;

import dev.connectorjobs.api.breaker.BreakerCommands;
import dev.connectorjobs.api.breaker.Breakers;
import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.security.RequiresUser;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Every breaker with its state across workers and each worker's view (live); for ADMIN, the
 * commands, answered with how many of the live workers applied them.
 */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresUser
class BreakerPages {

    private final Breakers breakers;

    BreakerPages(Breakers breakers) {
        this.breakers = breakers;
    }

    @GetMapping("/ui/breakers")
    String breakers(@RequestHeader(name = "HX-Request", required = false) @Nullable String htmx, Model model) {
        model.addAttribute("all", breakers.all());
        model.addAttribute("actions", List.of("reset", "force-open", "disable", "restore"));
        return htmx == null ? "console/breakers" : "console/breakers :: live";
    }

    @RequiresAdmin
    @PostMapping("/ui/breakers/{service}/{action}")
    String command(
            @PathVariable("service") String service,
            @PathVariable("action") String action,
            RedirectAttributes redirect) {
        BreakerCommands.Result result = breakers.command(service, action);
        // Flash attributes live in the session, stored serialized: strings only.
        redirect.addFlashAttribute(
                "notice",
                result.action() + " " + result.service() + ": " + result.workersApplied() + " of "
                        + result.workersTotal() + " workers applied it"
                        + (result.complete() ? "." : "; some did not answer in time (they may be busy or gone)."));
        redirect.addFlashAttribute(
                "acks",
                result.workers().entrySet().stream()
                        .map(e -> e.getKey() + ": "
                                + (e.getValue().acknowledged()
                                        ? (Boolean.TRUE.equals(e.getValue().applied()) ? "applied" : "nothing to do")
                                                + (e.getValue().detail() == null
                                                        ? ""
                                                        : " (" + e.getValue().detail() + ")")
                                        : "no answer"))
                        .toList());
        return "redirect:/ui/breakers";
    }
}
