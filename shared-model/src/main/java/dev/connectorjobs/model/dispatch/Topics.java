package dev.connectorjobs.model.dispatch;

import java.util.regex.Pattern;

/** Kafka topic names. One topic per queue, {@code jobs.<queue>}, and one control topic. */
public final class Topics {

    /** The queue a job goes to when the request names none. */
    public static final String DEFAULT_QUEUE = "default";

    /** The prefix of every queue topic. */
    public static final String QUEUE_TOPIC_PREFIX = "jobs.";

    /** Control messages (revoke, breaker operations) that every worker reads in full. */
    public static final String CONTROL_TOPIC = "jobs.control";

    /** Queue names: lower-case letters, digits, dash and underscore, 1 to 64 characters. */
    public static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private Topics() {}

    /**
     * The topic of a queue.
     *
     * @throws IllegalArgumentException if the name is not a legal queue name (or is "control")
     */
    public static String queueTopic(String queue) {
        if (!isValidQueue(queue)) {
            throw new IllegalArgumentException("Queue name '" + queue + "' is not valid: use 1-64 characters of"
                    + " a-z, 0-9, '-' and '_', starting with a letter or digit, and not 'control'");
        }
        return QUEUE_TOPIC_PREFIX + queue;
    }

    /** Whether {@code queue} may name a queue. */
    public static boolean isValidQueue(String queue) {
        return QUEUE_NAME.matcher(queue).matches() && !"control".equals(queue);
    }
}
