package dev.connectorjobs.api.console;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.ApiKeys;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.security.Role;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.job.JobIds;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** ADMIN only: API keys (create, with the key shown once; revoke) and the audit log. */
// Not part of the API: pages, left out of the OpenAPI document.
@Hidden
@Controller
@RequiresAdmin
class AdminPages {

    private static final int AUDIT_PAGE = 100;

    private final ApiKeys keys;
    private final AuditLog audit;

    AdminPages(ApiKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @GetMapping("/ui/api-keys")
    String keys(Model model) {
        model.addAttribute("keys", keys.list());
        return "console/api-keys";
    }

    /**
     * Creates a key and shows it in this answer only (no redirect: a redirect would carry the key
     * through the session store). The answer is not cached ({@code Cache-Control: no-store}).
     */
    @PostMapping("/ui/api-keys")
    String create(
            @RequestParam(name = "name", required = false) @Nullable String name,
            @RequestParam(name = "role", required = false) @Nullable String role,
            Model model) {
        String keyName = name == null ? "" : name.trim();
        if (keyName.isEmpty() || keyName.length() > 100 || keyName.chars().anyMatch(Character::isISOControl)) {
            throw new BadRequestException("The name must be 1 to 100 printable characters");
        }
        StorableInput.problemIn(keyName).ifPresent(problem -> {
            throw new BadRequestException("The name " + problem);
        });
        if (keyName.equals("JOBS_BOOTSTRAP_ADMIN_KEY")) {
            throw new BadRequestException("'JOBS_BOOTSTRAP_ADMIN_KEY' is reserved; choose another name");
        }
        Role keyRole = parseRole(role);
        ApiKeys.CreatedKey created = keys.create(
                keyName, keyRole, CurrentClient.get().map(ApiClient::name).orElse(null));
        audit.record(
                "api_key.create",
                created.info().id().toString(),
                Map.of("name", created.info().name(), "role", keyRole.name()));
        model.addAttribute("created", created);
        model.addAttribute("keys", keys.list());
        return "console/api-keys";
    }

    @PostMapping("/ui/api-keys/{id}/revoke")
    String revoke(@PathVariable("id") String id, RedirectAttributes redirect) {
        UUID keyId = JobIds.parse(id).orElseThrow(() -> new BadRequestException("That is not a key id (a UUID)"));
        String name = keys.revoke(keyId).orElseThrow(() -> new NotFoundException("No API key with id " + keyId));
        audit.record("api_key.revoke", keyId.toString(), Map.of("name", name));
        redirect.addFlashAttribute("notice", "Revoked key '" + name + "'; its sessions end on their next request.");
        return "redirect:/ui/api-keys";
    }

    @GetMapping("/ui/audit")
    String audit(@RequestParam(name = "before", required = false) @Nullable String before, Model model) {
        Long beforeId = null;
        if (before != null && !before.isBlank()) {
            try {
                beforeId = Long.parseLong(before.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("before must be an audit entry id, a whole number");
            }
        }
        List<AuditLog.Entry> entries = audit.recent(beforeId, AUDIT_PAGE);
        model.addAttribute("entries", entries);
        model.addAttribute("paged", beforeId != null);
        model.addAttribute(
                "older", entries.size() == AUDIT_PAGE ? entries.getLast().id() : null);
        return "console/audit";
    }

    private static Role parseRole(@Nullable String role) {
        try {
            return Role.valueOf((role == null ? "" : role.trim()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("The role must be USER or ADMIN");
        }
    }
}
