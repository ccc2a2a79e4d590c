package dev.connectorjobs.api.breaker;

import dev.connectorjobs.model.control.ControlType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The operator commands, by the last segment of their path. */
enum BreakerAction {
    /** Close the breaker and clear its counts on every worker. */
    RESET("reset", ControlType.BREAKER_RESET),
    /** Hold it open on every worker (maintenance window), until restore or reset. */
    FORCE_OPEN("force-open", ControlType.BREAKER_FORCE_OPEN),
    /** Let every call through on every worker, recording nothing, until restore or reset. */
    DISABLE("disable", ControlType.BREAKER_DISABLE),
    /** End a force-open or disable on every worker. */
    RESTORE("restore", ControlType.BREAKER_RESTORE);

    private final String path;
    private final ControlType type;

    BreakerAction(String path, ControlType type) {
        this.path = path;
        this.type = type;
    }

    String path() {
        return path;
    }

    ControlType type() {
        return type;
    }

    static Optional<BreakerAction> of(String path) {
        return Arrays.stream(values()).filter(a -> a.path.equals(path)).findFirst();
    }

    static List<String> paths() {
        return Arrays.stream(values()).map(BreakerAction::path).toList();
    }
}
