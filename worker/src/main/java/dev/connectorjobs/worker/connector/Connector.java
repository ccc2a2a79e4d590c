package dev.connectorjobs.worker.connector;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import org.jspecify.annotations.Nullable;

/**
 * A connector: runs the operations its {@link #descriptor()} declares against one external system.
 *
 * <p>Implementations are Spring beans and must be thread-safe: many jobs run at once. They read
 * base URLs and credentials from configuration, never from job params. They signal failures with
 * {@link ConnectorException} (which says whether a retry may help); any other exception counts as
 * retryable unless {@link FailureClassifier} knows it to be permanent. They honour cancellation
 * (see {@link JobContext#cancellation()}).
 */
public interface Connector {

    /** What this connector offers; must equal the catalogue's declaration of the same name. */
    ConnectorDescriptor descriptor();

    /**
     * Runs {@code context.operation()} with {@code context.params()}, which the API has already
     * validated against the declaration.
     *
     * @return the job's result: a JSON-serializable value (record, map, list, string, number), or
     *     null for none
     * @throws Exception any failure; see the class comment for how it is classified
     */
    @Nullable
    Object execute(JobContext context) throws Exception;
}
