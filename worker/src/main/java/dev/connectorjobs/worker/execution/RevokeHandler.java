package dev.connectorjobs.worker.execution;

import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import dev.connectorjobs.model.job.JobIds;
import dev.connectorjobs.worker.control.ControlHandler;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Cancels the running attempt of a revoked job, if it runs on this worker. */
@Component
final class RevokeHandler implements ControlHandler {

    private final JobRunner runner;

    RevokeHandler(JobRunner runner) {
        this.runner = runner;
    }

    @Override
    public Set<ControlType> types() {
        return Set.of(ControlType.REVOKE);
    }

    @Override
    public Result apply(ControlMessage message) {
        return JobIds.parse(message.target())
                .map(id -> runner.cancel(id, CancelReason.REVOKED)
                        ? new Result(true, "cancelled the running attempt")
                        : new Result(false, "the job does not run here"))
                .orElseGet(() -> new Result(false, "target is not a job id"));
    }
}
