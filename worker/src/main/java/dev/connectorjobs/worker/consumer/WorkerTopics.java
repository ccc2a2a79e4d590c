package dev.connectorjobs.worker.consumer;

/**
 * The topics and worker id the Kafka listeners name in their SpEL attributes (bean {@code
 * workerTopics}).
 *
 * @param names the queue topics this worker consumes
 * @param workerId this worker's id
 */
public record WorkerTopics(String[] names, String workerId) {}
