package dev.connectorjobs.model.job;

/**
 * The PostgreSQL notification channel on which workers announce that they committed a batch of
 * attempt outcomes, so that an api-gateway holding waiting status requests looks at once instead of
 * at its next periodic check. One notification per committed batch, with no payload: it says
 * "something finished", and the api-gateway reads what.
 */
public final class OutcomeNotifications {

    /** The channel, for {@code LISTEN} and {@code pg_notify}. */
    public static final String CHANNEL = "job_outcomes";

    private OutcomeNotifications() {}
}
