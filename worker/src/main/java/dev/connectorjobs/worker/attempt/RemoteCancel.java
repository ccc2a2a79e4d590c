package dev.connectorjobs.worker.attempt;

/**
 * Cancels remote work an attempt started (an AWX job, a Landscape activity), registered with
 * {@link JobContext#onRemoteCancel}. It runs once, when the job is revoked or its time limit is
 * reached, on a thread of its own: not on worker shutdown or when another worker took the job over,
 * because then a later attempt resumes the remote work from its checkpoint.
 */
@FunctionalInterface
public interface RemoteCancel {

    /**
     * Cancels the remote work, best effort.
     *
     * @param context a context of the same job with a cancellation of its own and a deadline a few
     *     seconds away ({@code jobs.worker.remote-cancel-timeout}): send the cancel request with it,
     *     not with the cancelled attempt's context
     * @throws Exception any failure; it is recorded in the attempt history and changes nothing else
     */
    void cancel(JobContext context) throws Exception;
}
