package dev.connectorjobs.model.job;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The PostgreSQL notification channel on which writers of attempt outcomes announce a committed
 * batch, so that an api-gateway holding waiting status requests answers them at once instead of at
 * its next periodic check.
 *
 * <p>The payload names the jobs whose rows changed, as their ids separated by commas, so that a
 * listener reads only those rows, however many requests it holds. A batch larger than {@link
 * #IDS_PER_NOTIFICATION} ids sends several notifications (PostgreSQL caps a payload below 8,000
 * bytes). An empty payload means "some jobs changed" without saying which: a listener then looks
 * at every job it waits for.
 */
public final class OutcomeNotifications {

    /** The channel, for {@code LISTEN} and {@code pg_notify}. */
    public static final String CHANNEL = "job_outcomes";

    /** The statement that sends one notification; its one parameter is a payload. */
    public static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', ?)::text";

    /** Ids in one payload: 200 ids of 36 characters and their commas take 7,399 bytes, under PostgreSQL's cap. */
    public static final int IDS_PER_NOTIFICATION = 200;

    private OutcomeNotifications() {}

    /** The payloads that name {@code ids}: one per {@link #IDS_PER_NOTIFICATION} of them, in order. */
    public static List<String> payloads(Collection<UUID> ids) {
        List<String> payloads = new ArrayList<>();
        StringBuilder payload = new StringBuilder();
        int inPayload = 0;
        for (UUID id : ids) {
            if (inPayload == IDS_PER_NOTIFICATION) {
                payloads.add(payload.toString());
                payload.setLength(0);
                inPayload = 0;
            }
            if (inPayload > 0) {
                payload.append(',');
            }
            payload.append(id);
            inPayload++;
        }
        if (inPayload > 0) {
            payloads.add(payload.toString());
        }
        return payloads;
    }

    /**
     * The job ids a payload names; empty when it names none (an empty payload, or one this version
     * cannot read), in which case the listener must look at every job it waits for.
     */
    public static Optional<Set<UUID>> ids(String payload) {
        if (payload.isEmpty()) {
            return Optional.empty();
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String part : payload.split(",", -1)) {
            try {
                ids.add(UUID.fromString(part));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(ids);
    }
}
