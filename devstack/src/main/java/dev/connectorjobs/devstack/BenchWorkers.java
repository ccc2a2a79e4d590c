package dev.connectorjobs.devstack;

import dev.connectorjobs.bench.StackLauncher;
import dev.connectorjobs.bench.StackLauncher.StackStartException;
import java.util.List;

/** The bench's handle on the worker processes of its own {@link LocalStack} ({@code --replica-events}). */
final class BenchWorkers implements StackLauncher.Workers {

    private final LocalStack stack;

    BenchWorkers(LocalStack stack) {
        this.stack = stack;
    }

    @Override
    public String add() throws StackStartException {
        try {
            return stack.addWorker();
        } catch (StartupException e) {
            throw new StackStartException(String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public List<String> running() {
        return stack.runningWorkers();
    }

    @Override
    public void terminate(String workerId) {
        stack.terminate(workerId);
    }

    @Override
    public void kill(String workerId) {
        stack.kill(workerId);
    }
}
