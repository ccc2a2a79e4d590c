package dev.connectorjobs.worker.breaker;

import dev.connectorjobs.model.breaker.BreakerDefaults;
import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.worker.control.ControlHandler;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Applies an operator's breaker command from the control topic on this worker: reset, force open,
 * disable, or restore after one of the latter two. The snapshot row is written before the
 * acknowledgement, so once the API counts this worker as having applied the command, the breaker
 * status it serves shows the new state too.
 */
@Component
final class BreakerControlHandler implements ControlHandler {

    private static final Duration SNAPSHOT_TIMEOUT = Duration.ofSeconds(5);

    private final BreakerRegistry breakers;
    private final BreakerSnapshotWriter snapshots;

    BreakerControlHandler(BreakerRegistry breakers, BreakerSnapshotWriter snapshots) {
        this.breakers = breakers;
        this.snapshots = snapshots;
    }

    @Override
    public Set<ControlType> types() {
        return EnumSet.of(
                ControlType.BREAKER_RESET,
                ControlType.BREAKER_FORCE_OPEN,
                ControlType.BREAKER_DISABLE,
                ControlType.BREAKER_RESTORE);
    }

    @Override
    public Result apply(ControlMessage message) {
        Optional<ServiceBreaker> found = breakers.find(message.target());
        if (found.isEmpty()) {
            return new Result(
                    false, "unknown breaker '" + message.target() + "'; known breakers: " + BreakerDefaults.names());
        }
        ServiceBreaker breaker = found.get();
        State before = breaker.state();
        boolean changed = switch (message.type()) {
            case BREAKER_RESET -> {
                breaker.reset();
                yield true;
            }
            case BREAKER_FORCE_OPEN -> {
                breaker.forceOpen();
                yield true;
            }
            case BREAKER_DISABLE -> {
                breaker.disable();
                yield true;
            }
            case BREAKER_RESTORE -> breaker.restore();
            default -> throw new IllegalArgumentException("not a breaker command: " + message.type());
        };
        if (!changed) {
            return new Result(
                    false,
                    "breaker " + breaker.name() + " is " + before + ", neither forced open nor disabled;"
                            + " nothing to restore");
        }
        String detail = breaker.name() + ": " + before + " -> " + breaker.state();
        boolean persisted = snapshots.writeNow(breaker.name(), SNAPSHOT_TIMEOUT);
        return new Result(true, persisted ? detail : detail + " (snapshot row not yet written)");
    }
}
