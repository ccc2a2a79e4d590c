package dev.connectorjobs.model.job;

import static dev.connectorjobs.model.job.JobStatus.FAILURE;
import static dev.connectorjobs.model.job.JobStatus.PENDING;
import static dev.connectorjobs.model.job.JobStatus.QUEUED;
import static dev.connectorjobs.model.job.JobStatus.RETRY;
import static dev.connectorjobs.model.job.JobStatus.REVOKED;
import static dev.connectorjobs.model.job.JobStatus.STARTED;
import static dev.connectorjobs.model.job.JobStatus.SUCCESS;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The single table of legal job state transitions. Every write of a job's status, in every module,
 * is conditional on the current status being one of {@link #sourcesOf(JobStatus)} the new one, so
 * an illegal move can never reach the database.
 *
 * <pre>
 * PENDING -> QUEUED    publication confirmed by Kafka
 * PENDING -> STARTED   a worker claimed it before the confirmation was recorded
 * QUEUED  -> STARTED   a worker claimed it
 * RETRY   -> PENDING   the next attempt is due; the dispatcher publishes it
 * STARTED -> SUCCESS | FAILURE | RETRY | REVOKED   outcome of the attempt
 * STARTED -> PENDING   handed back without spending an attempt (worker shutdown, open breaker)
 * PENDING | QUEUED | RETRY -> REVOKED   revoked before it ran
 * PENDING | QUEUED | RETRY -> FAILURE   rejected before it ran (e.g. connector not installed)
 * FAILURE | REVOKED -> PENDING          re-drive: an administrator (or the job's owner) asks for a
 *                                       new attempt of a finished job; see {@link #isRedrive}
 * </pre>
 *
 * <p>The re-drive moves are the only way out of a terminal state, and nothing in the job's own
 * lifecycle takes them: workers, sweeps and revokes never re-open a job. {@link
 * JobStatus#isTerminal()} therefore means "the lifecycle ended" (no lifecycle move leaves it), and
 * what depends on it (webhooks fire per terminal state, long-poll waits answer at a terminal state,
 * retention deletes old terminal jobs) sees a re-driven job as a new run that ends again. {@code
 * SUCCESS} is never re-driven: run a new job instead.
 */
public final class JobTransitions {

    private static final Map<JobStatus, Set<JobStatus>> TARGETS = new EnumMap<>(JobStatus.class);

    /** The lifecycle moves only, without the re-drive moves: what {@link JobStatus#isTerminal()} reads. */
    private static final Map<JobStatus, Set<JobStatus>> LIFECYCLE = new EnumMap<>(JobStatus.class);

    /** The states a re-drive may start from. */
    private static final Set<JobStatus> REDRIVABLE = Collections.unmodifiableSet(EnumSet.of(FAILURE, REVOKED));

    static {
        allow(PENDING, QUEUED, STARTED, REVOKED, FAILURE);
        allow(QUEUED, STARTED, REVOKED, FAILURE);
        allow(RETRY, PENDING, REVOKED, FAILURE);
        allow(STARTED, SUCCESS, FAILURE, RETRY, REVOKED, PENDING);
        allow(SUCCESS);
        allow(FAILURE);
        allow(REVOKED);
        LIFECYCLE.putAll(TARGETS);
        for (JobStatus from : REDRIVABLE) {
            Set<JobStatus> targets = EnumSet.of(PENDING);
            targets.addAll(Objects.requireNonNull(TARGETS.get(from)));
            TARGETS.put(from, Collections.unmodifiableSet(targets));
        }
        for (JobStatus status : JobStatus.values()) {
            if (!TARGETS.containsKey(status)) {
                throw new IllegalStateException("The transition table has no row for " + status);
            }
        }
    }

    private JobTransitions() {}

    private static void allow(JobStatus from, JobStatus... to) {
        Set<JobStatus> targets = EnumSet.noneOf(JobStatus.class);
        targets.addAll(List.of(to));
        TARGETS.put(from, Collections.unmodifiableSet(targets));
    }

    /** Whether {@code from -> to} is a legal transition. */
    public static boolean isAllowed(JobStatus from, JobStatus to) {
        return targetsOf(from).contains(to);
    }

    /**
     * Whether no lifecycle move leaves {@code status}: it has ended, and only a re-drive ({@link
     * #isRedrive}) can start it again.
     */
    public static boolean isTerminal(JobStatus status) {
        return Objects.requireNonNull(LIFECYCLE.get(status), () -> "no transition row for " + status)
                .isEmpty();
    }

    /**
     * Whether {@code from -> to} is a re-drive: a finished job ({@code FAILURE} or {@code REVOKED})
     * made {@code PENDING} again for a new attempt, its history kept.
     */
    public static boolean isRedrive(JobStatus from, JobStatus to) {
        return to == PENDING && REDRIVABLE.contains(from);
    }

    /** The states a re-drive starts from: {@code FAILURE} and {@code REVOKED}. */
    public static Set<JobStatus> redrivable() {
        return REDRIVABLE;
    }

    /** The states a job in {@code from} may move to, re-drives included. */
    public static Set<JobStatus> targetsOf(JobStatus from) {
        // Every status has a row: the static initializer checks it.
        return Objects.requireNonNull(TARGETS.get(from), () -> "no transition row for " + from);
    }

    /** The states from which a job may legally move to {@code to}. */
    public static Set<JobStatus> sourcesOf(JobStatus to) {
        Set<JobStatus> sources = EnumSet.noneOf(JobStatus.class);
        TARGETS.forEach((from, targets) -> {
            if (targets.contains(to)) {
                sources.add(from);
            }
        });
        return Collections.unmodifiableSet(sources);
    }

    /**
     * Checks a transition and throws if it is illegal.
     *
     * @throws IllegalStateTransitionException when the table does not allow {@code from -> to}
     */
    public static void check(JobStatus from, JobStatus to) {
        if (!isAllowed(from, to)) {
            throw new IllegalStateTransitionException(from, to);
        }
    }
}
