package dev.connectorjobs.worker.limits;

/**
 * What a limit applies to.
 *
 * @param operation the operation, or {@code ""} for every operation of the connector
 */
record LimitKey(String connector, String operation) implements Comparable<LimitKey> {

    @Override
    public int compareTo(LimitKey other) {
        int byConnector = connector.compareTo(other.connector);
        return byConnector != 0 ? byConnector : operation.compareTo(other.operation);
    }

    @Override
    public String toString() {
        return operation.isEmpty() ? connector : connector + "." + operation;
    }
}
