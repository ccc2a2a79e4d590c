package dev.connectorjobs.devstack;

import dev.connectorjobs.bench.Database;
import dev.connectorjobs.bench.StackLauncher.StackStartException;
import dev.connectorjobs.devstack.chaos.ChaosStack;
import java.net.URI;
import java.util.List;

/**
 * The fault runner's stack: a {@link LocalStack} like {@code start}'s, whose parts it may kill,
 * stop, pause and start again by name.
 */
final class LocalChaosStack implements ChaosStack {

    private final LocalStack stack;

    LocalChaosStack(ChaosStack.Request request) {
        List<Integer> apiPorts = request.apiPorts();
        DevStackOptions options = DevStackOptions.ownStack(
                request.workers(), apiPorts.getFirst(), request.dataDir(), request.startupTimeout());
        this.stack = new LocalStack(
                options,
                System.getenv(),
                request.apiEnvironment(),
                apiPorts.subList(1, apiPorts.size()),
                (slot, workerId, database) -> request.workerEnvironment().of(slot, workerId, database.url()));
    }

    @Override
    public Started start() throws StackStartException {
        try {
            stack.start();
        } catch (StartupException e) {
            throw new StackStartException(String.valueOf(e.getMessage()), e);
        }
        DatabaseEndpoint database =
                stack.database().orElseThrow(() -> new IllegalStateException("a started stack has a database"));
        return new Started(
                stack.apiNames().stream()
                        .map(name -> new Api(name, URI.create(stack.apiBaseUrl(name))))
                        .toList(),
                new Database(database.url(), database.user(), database.password()),
                stack.workerIds());
    }

    @Override
    public void kill(String part) {
        if (part.equals(POSTGRES)) {
            stack.killDatabase();
            return;
        }
        stack.kill(part);
    }

    @Override
    public void terminate(String part) {
        stack.terminate(part);
    }

    @Override
    public void pause(String part) {
        stack.child(part).signal("STOP");
    }

    @Override
    public void resume(String part) {
        stack.child(part).signal("CONT");
    }

    @Override
    public void restart(String part) throws StackStartException {
        try {
            stack.restart(part);
        } catch (StartupException e) {
            throw new StackStartException(String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        stack.stop();
    }
}
