package dev.connectorjobs.api.breaker;

import dev.connectorjobs.api.security.RequiresAdmin;
import dev.connectorjobs.api.security.RequiresUser;
import dev.connectorjobs.api.web.BadRequestException;
import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.workers.WorkersProperties;
import dev.connectorjobs.model.breaker.BreakerDefaults;
import java.time.Clock;
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

    private final BreakerRepository repository;
    private final BreakerCommands commands;
    private final BreakerAdminProperties properties;
    private final WorkersProperties workers;
    private final Clock clock;

    BreakerController(
            BreakerRepository repository,
            BreakerCommands commands,
            BreakerAdminProperties properties,
            WorkersProperties workers,
            Clock clock) {
        this.repository = repository;
        this.commands = commands;
        this.properties = properties;
        this.workers = workers;
        this.clock = clock;
    }

    @GetMapping
    BreakerStatus.AllBreakers all() {
        return BreakerStatus.all(repository.liveSnapshots(liveSince()));
    }

    @GetMapping("/{service}")
    BreakerStatus.Service one(@PathVariable("service") String service) {
        String name = known(service);
        return BreakerStatus.service(name, repository.liveSnapshots(name, liveSince()));
    }

    @RequiresAdmin
    @PostMapping("/{service}/{action}")
    ResponseEntity<BreakerCommands.Result> command(
            @PathVariable("service") String service,
            @PathVariable("action") String action,
            @RequestParam(name = "wait", required = false) @Nullable String wait) {
        String name = known(service);
        BreakerAction command = BreakerAction.of(action)
                .orElseThrow(() -> new NotFoundException("There is no breaker command '" + abbreviate(action)
                        + "'; available: " + BreakerAction.paths()));
        BreakerCommands.Result result = commands.send(name, command, waitOf(wait));
        return ResponseEntity.status(result.complete() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .body(result);
    }

    private java.time.Instant liveSince() {
        return workers.liveSince(clock.instant());
    }

    private static String known(String service) {
        return BreakerDefaults.resolve(service)
                .orElseThrow(() -> new NotFoundException("There is no circuit breaker '" + abbreviate(service)
                        + "'; known breakers: " + BreakerDefaults.names()));
    }

    private Duration waitOf(@Nullable String wait) {
        if (wait == null || wait.isBlank()) {
            return properties.ackTimeout();
        }
        Duration duration;
        try {
            duration = DurationStyle.detectAndParse(wait.trim(), ChronoUnit.SECONDS);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("wait '" + abbreviate(wait) + "' is not a duration; use e.g. 5s, 500ms"
                    + " or a number of seconds");
        }
        if (duration.isNegative() || duration.compareTo(properties.maxAckTimeout()) > 0) {
            throw new BadRequestException("wait must be between 0 and "
                    + properties.maxAckTimeout().toSeconds() + " s; was " + abbreviate(wait));
        }
        return duration;
    }

    private static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
