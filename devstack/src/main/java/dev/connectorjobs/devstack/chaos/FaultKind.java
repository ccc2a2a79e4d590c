package dev.connectorjobs.devstack.chaos;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The fault classes the runner injects, by the names {@code --faults} takes. */
public enum FaultKind {
    /** SIGKILL of a random worker, started again at once. */
    WORKER_KILL("worker-kill"),
    /** SIGKILL of the api-gateway, started again at once. */
    API_KILL("api-kill"),
    /** SIGTERM of every worker in turn, each started again and registered before the next. */
    WORKER_RESTART("worker-restart"),
    /** SIGKILL of the Kafka broker, started again at once. */
    KAFKA_KILL("kafka-kill"),
    /** SIGKILL of PostgreSQL (server and all its backends), started again at once. */
    POSTGRES_KILL("postgres-kill"),
    /** PostgreSQL unreachable for one worker for the outage time. */
    DB_CUT_ONE("db-cut-one"),
    /** PostgreSQL unreachable for every worker for the outage time. */
    DB_CUT_ALL("db-cut-all"),
    /** A worker stopped with SIGSTOP past its lease, then resumed with SIGCONT. */
    WORKER_PAUSE("worker-pause"),
    /**
     * A rolling upgrade: SIGTERM of every worker in turn, each started again and registered before
     * the next, then of every api-gateway in turn, each started again and ready before the next
     * (workers first: see "The dispatch record" in docs/architecture.md).
     */
    ROLLING_UPGRADE("rolling-upgrade");

    private final String optionName;

    FaultKind(String optionName) {
        this.optionName = optionName;
    }

    String optionName() {
        return optionName;
    }

    static Optional<FaultKind> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.optionName.equals(name)).findFirst();
    }

    static List<String> names() {
        return Arrays.stream(values()).map(FaultKind::optionName).toList();
    }
}
