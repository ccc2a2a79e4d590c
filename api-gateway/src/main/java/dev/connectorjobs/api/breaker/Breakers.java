package dev.connectorjobs.api.breaker;

import dev.connectorjobs.api.web.NotFoundException;
import dev.connectorjobs.api.workers.WorkersProperties;
import dev.connectorjobs.model.breaker.BreakerDefaults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * The circuit breakers across live workers, and the operator commands on them, for the API's
 * breaker endpoints and the console alike.
 */
@Service
public final class Breakers {

    private final BreakerRepository repository;
    private final BreakerCommands commands;
    private final BreakerAdminProperties properties;
    private final WorkersProperties workers;
    private final Clock clock;

    Breakers(
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

    /** Every known breaker with its state across the live workers, and each worker's view. */
    public BreakerStatus.AllBreakers all() {
        return BreakerStatus.all(repository.liveSnapshots(liveSince()));
    }

    /** One breaker; 404 ({@link NotFoundException}) with the known names for an unknown one. */
    public BreakerStatus.Service one(String service) {
        String name = known(service);
        return BreakerStatus.service(name, repository.liveSnapshots(name, liveSince()));
    }

    /**
     * Sends command {@code action} ({@code reset}, {@code force-open}, {@code disable}, {@code
     * restore}) on breaker {@code service} to every worker, waiting the configured acknowledgement
     * time; the answer says which workers applied it.
     */
    public BreakerCommands.Result command(String service, String action) {
        return command(service, action, properties.ackTimeout());
    }

    /** {@link #command(String, String)}, waiting up to {@code wait} for the acknowledgements. */
    BreakerCommands.Result command(String service, String action, Duration wait) {
        String name = known(service);
        BreakerAction command = BreakerAction.of(action)
                .orElseThrow(() -> new NotFoundException("There is no breaker command '" + abbreviate(action)
                        + "'; available: " + BreakerAction.paths()));
        return commands.send(name, command, wait);
    }

    private Instant liveSince() {
        return workers.liveSince(clock.instant());
    }

    private static String known(String service) {
        return BreakerDefaults.resolve(service)
                .orElseThrow(() -> new NotFoundException("There is no circuit breaker '" + abbreviate(service)
                        + "'; known breakers: " + BreakerDefaults.names()));
    }

    static String abbreviate(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
