package dev.connectorjobs.api.webhook;

import dev.connectorjobs.api.security.ApiClient;
import dev.connectorjobs.api.security.AuditLog;
import dev.connectorjobs.api.security.CurrentClient;
import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.model.catalog.FieldError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/** The webhook allow-list (ADMIN only); every change is audited. */
@RestController
@RequiresAdmin
class AllowedHostsController {

    private static final String PATH = "/api/v1/admin/webhooks/allowed-hosts";

    private final AllowedHosts hosts;
    private final WebhookProperties properties;
    private final AuditLog audit;

    AllowedHostsController(AllowedHosts hosts, WebhookProperties properties, AuditLog audit) {
        this.hosts = hosts;
        this.properties = properties;
        this.audit = audit;
    }

    /** The configured patterns (changed only by configuration) and those added here. */
    @GetMapping(PATH)
    Map<String, Object> list() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("configured", properties.allowedHosts());
        answer.put("added", hosts.entries());
        return answer;
    }

    @PutMapping(PATH + "/{pattern}")
    ResponseEntity<Map<String, Object>> add(@PathVariable("pattern") String raw) {
        String pattern = valid(raw);
        boolean added =
                hosts.add(pattern, CurrentClient.get().map(ApiClient::name).orElse(null));
        if (added) {
            audit.record("webhook.allow_host", pattern, Map.of());
        }
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("pattern", pattern, "added", added));
    }

    @DeleteMapping(PATH + "/{pattern}")
    Map<String, Object> remove(@PathVariable("pattern") String raw) {
        String pattern = valid(raw);
        if (!hosts.remove(pattern)) {
            throw new NotFoundException("'" + pattern + "' is not on the allow-list added at run time"
                    + (properties.allowedHosts().contains(pattern)
                            ? "; it comes from jobs.webhooks.allowed-hosts, change the configuration instead"
                            : ""));
        }
        audit.record("webhook.disallow_host", pattern, Map.of());
        return Map.of("pattern", pattern, "removed", true);
    }

    private static String valid(String raw) {
        String pattern = HostPatterns.normalize(raw);
        if (!HostPatterns.isValid(pattern)) {
            throw new InvalidRequestException(List.of(new FieldError(
                    "pattern",
                    "must be a host name (hooks.example.com), an address (10.1.2.3, ::1) or *.domain"
                            + " (*.example.com)")));
        }
        return pattern;
    }
}
