package dev.connectorjobs.api.security;

import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.InvalidRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.web.StorableInput;
import dev.connectorjobs.model.catalog.FieldError;
import dev.connectorjobs.model.job.JobIds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Key management (ADMIN only). */
@RestController
@RequiresAdmin
class ApiKeyController {

    private final ApiKeys keys;
    private final AuditLog audit;

    ApiKeyController(ApiKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @PostMapping(path = "/api/v1/admin/api-keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode name = body.get("name");
        JsonNode role = body.get("role");
        if (name == null
                || !name.isString()
                || name.asString().isBlank()
                || name.asString().length() > 100) {
            errors.add(new FieldError("name", "is required: a non-empty string of at most 100 characters"));
        } else if (name.asString().chars().anyMatch(Character::isISOControl)
                || StorableInput.problemIn(name.asString()).isPresent()) {
            errors.add(new FieldError("name", "must be printable text, without control characters"));
        } else if (name.asString().equals(ApiKeys.BOOTSTRAP_CREATOR)) {
            errors.add(new FieldError("name", "'" + ApiKeys.BOOTSTRAP_CREATOR + "' is reserved; choose another name"));
        }
        Role parsedRole = null;
        if (role == null || !role.isString()) {
            errors.add(new FieldError("role", "is required: USER or ADMIN"));
        } else {
            try {
                parsedRole = Role.valueOf(role.asString().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("role", "must be USER or ADMIN"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        ApiKeys.CreatedKey created = keys.create(
                name.asString(),
                Objects.requireNonNull(parsedRole, "a role is recorded as an error when it cannot be parsed"),
                CurrentClient.get().map(ApiClient::name).orElse(null));
        audit.record(
                "api_key.create",
                created.info().id().toString(),
                Map.of(
                        "name",
                        created.info().name(),
                        "role",
                        created.info().role().name()));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", created.info().id());
        answer.put("name", created.info().name());
        answer.put("role", created.info().role());
        answer.put("key", created.key());
        answer.put("note", "Store the key now: it is shown only once and cannot be recovered");
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @GetMapping("/api/v1/admin/api-keys")
    Map<String, Object> list() {
        return Map.of("keys", keys.list());
    }

    @DeleteMapping("/api/v1/admin/api-keys/{id}")
    Map<String, Object> revoke(@PathVariable("id") String id) {
        UUID keyId = JobIds.parse(id).orElseThrow(() -> new BadRequestException("Key id '" + id + "' is not a UUID"));
        String name = keys.revoke(keyId).orElseThrow(() -> new NotFoundException("No API key with id " + keyId));
        audit.record("api_key.revoke", keyId.toString(), Map.of("name", name));
        return Map.of("id", keyId, "name", name, "revoked", true);
    }
}
