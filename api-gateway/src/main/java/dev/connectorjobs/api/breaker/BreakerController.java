package dev.connectorjobs.api.breaker;

import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The circuit breakers of all live workers, and the operator commands on them.
 *
 * <ul>
 *   <li>{@code GET /api/v1/admin/health/circuit-breakers}: every breaker with its state across live
 *       workers, and a summary (see {@link BreakerStatus}).
 *   <li>{@code GET .../{service}}: one breaker; 404 with the known names for an unknown one.
 *   <li>{@code POST .../{service}/reset|force-open|disable|restore[?wait=3s]}: the command goes to
 *       every worker; the answer says which live workers applied it: 200 when all of them answered
 *       within {@code wait}, 202 when some did not (yet).
 * </ul>
 *
 * <p>These are operators' endpoints under {@code /api/v1/admin/}: any valid key may read, only
 * ADMIN keys send commands. Every command is written to the audit log.
 */
@RestController
@RequiresUser
@RequestMapping("/api/v1/admin/health/circuit-breakers")
class BreakerController {

    private final Breakers breakers;
    private final BreakerCommands commands;
    private final BreakerAdminProperties properties;

    BreakerController(Breakers breakers, BreakerCommands commands, BreakerAdminProperties properties) {
        this.breakers = breakers;
        this.commands = commands;
        this.properties = properties;
    }

    @GetMapping
    BreakerStatus.AllBreakers all() {
        return breakers.all();
    }

    @GetMapping("/{service}")
    BreakerStatus.Service one(@PathVariable("service") String service) {
        return breakers.one(service);
    }

    @RequiresAdmin
    @PostMapping("/{service}/{action}")
    ResponseEntity<BreakerCommands.Result> command(
            @PathVariable("service") String service,
            @PathVariable("action") String action,
            @RequestParam(name = "wait", required = false) @Nullable String wait) {
        BreakerCommands.Result result = breakers.command(service, action, waitOf(wait));
        return ResponseEntity.status(result.complete() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(result);
    }

    private Duration waitOf(@Nullable String wait) {
        if (wait == null || wait.isBlank()) {
            return properties.ackTimeout();
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(wait.trim(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("wait '" + Breakers.abbreviate(wait)
                    + "' is not a duration; use e.g. 5s, 500ms" + " or a number of seconds");
        }
        if (duration.isNegative() || duration.compareTo(properties.maxAckTimeout()) > 0) {
            throw new BadRequestException("wait must be between 0 and "
                    + properties.maxAckTimeout().toSeconds() + " s; was " + Breakers.abbreviate(wait));
        }
        return duration;
    }
}
