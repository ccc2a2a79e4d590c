package dev.connectorjobs.worker.control;

import dev.connectorjobs.model.control.ControlMessage;
import dev.connectorjobs.model.control.ControlType;
import java.util.Set;

/**
 * Applies control messages of some types on this worker. Beans of this type are picked up by the
 * control listener; each type must have exactly one handler.
 */
public interface ControlHandler {

    /** The types this handler applies. */
    Set<ControlType> types();

    /**
     * Applies the message on this worker.
     *
     * @return what happened, recorded as the worker's acknowledgement
     */
    Result apply(ControlMessage message);

    /**
     * The acknowledgement of one worker.
     *
     * @param applied whether the worker changed something (false: nothing to do here, e.g. the job
     *     does not run on this worker)
     * @param detail a short human description
     */
    record Result(boolean applied, String detail) {}
}
