package dev.connectorjobs.api.console;

import dev.connectorjobs.api.limits.LimitSpec;
import dev.connectorjobs.api.limits.LimitView;
import dev.connectorjobs.api.limits.Limits;
import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.catalog.ConnectorCatalog;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.model.catalog.FieldError;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The cluster-wide limits with the jobs each holds now, for every key to read; for ADMIN, a form
 * that sets one and a button that deletes one. The rules, the audit entries and the return of a
 * configured limit after a delete are {@link Limits}'s, as for the API.
 */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresUser
class LimitPages {

    private final Limits limits;
    private final ConnectorCatalog catalog;

    LimitPages(Limits limits, ConnectorCatalog catalog) {
        this.limits = limits;
        this.catalog = catalog;
    }

    @GetMapping("/ui/limits")
    String limits(Model model) {
        model.addAttribute("limits", limits.inUse());
        model.addAttribute(
                "connectors",
                catalog.connectors().stream()
                        .sorted(Comparator.comparing(ConnectorDescriptor::name))
                        .toList());
        return "console/limits";
    }

    @RequiresAdmin
    @PostMapping("/ui/limits")
    String set(
            @RequestParam(name = "connector", required = false) @Nullable String connector,
            @RequestParam(name = "operation", required = false) @Nullable String operation,
            @RequestParam(name = "max_concurrent", required = false) @Nullable String maxConcurrent,
            @RequestParam(name = "max_starts", required = false) @Nullable String maxStarts,
            @RequestParam(name = "per_seconds", required = false) @Nullable String perSeconds,
            RedirectAttributes redirect) {
        String name = required(connector);
        List<FieldError> errors = new ArrayList<>();
        LimitSpec spec = new LimitSpec(
                number("max_concurrent", maxConcurrent, errors),
                number("max_starts", maxStarts, errors),
                number("per_seconds", perSeconds, errors));
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        LimitView set = named(() -> limits.put(name, blank(operation), spec));
        redirect.addFlashAttribute(
                "notice",
                "Set the limit of " + label(set.connector(), set.operation()) + ": "
                        + describe(set.maxConcurrent(), set.maxStarts(), set.perSeconds())
                        + ". Workers apply it within about a second.");
        return "redirect:/ui/limits";
    }

    @RequiresAdmin
    @PostMapping("/ui/limits/delete")
    String delete(
            @RequestParam(name = "connector", required = false) @Nullable String connector,
            @RequestParam(name = "operation", required = false) @Nullable String operation,
            RedirectAttributes redirect) {
        String name = required(connector);
        String op = blank(operation);
        Optional<LimitSpec> restored = named(() -> limits.delete(name, op));
        redirect.addFlashAttribute(
                "notice",
                "Deleted the limit of " + label(name, op)
                        + restored.map(spec -> "; configuration sets one too, so it applies again: "
                                        + describe(spec.maxConcurrent(), spec.maxStarts(), spec.perSeconds())
                                        + ". Remove it from jobs.limits.* to lift it for good.")
                                .orElse("."));
        return "redirect:/ui/limits";
    }

    /** A form names its limit in fields: a name the catalogue lacks is bad input (400), not a missing page. */
    private static <T> T named(Supplier<T> action) {
        try {
            return action.get();
        } catch (NotFoundException e) {
            throw new BadRequestException(String.valueOf(e.getMessage()));
        }
    }

    private static String required(@Nullable String connector) {
        String name = blank(connector);
        if (name == null) {
            throw new BadRequestException("Choose the connector the limit is for");
        }
        return name;
    }

    private static @Nullable Integer number(String field, @Nullable String value, List<FieldError> errors) {
        String given = blank(value);
        if (given == null) {
            return null;
        }
        try {
            return Integer.valueOf(given);
        } catch (NumberFormatException e) {
            errors.add(new FieldError(field, "must be a whole number; leave it empty for none"));
            return null;
        }
    }

    private static @Nullable String blank(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String label(String connector, @Nullable String operation) {
        return operation == null ? connector : connector + " · " + operation;
    }

    private static String describe(
            @Nullable Integer maxConcurrent, @Nullable Integer maxStarts, @Nullable Integer perSeconds) {
        List<String> parts = new ArrayList<>();
        if (maxConcurrent != null) {
            parts.add("at most " + maxConcurrent + " running");
        }
        if (maxStarts != null) {
            parts.add("at most " + maxStarts + " starts per " + perSeconds + " s");
        }
        return String.join(", ", parts);
    }
}
