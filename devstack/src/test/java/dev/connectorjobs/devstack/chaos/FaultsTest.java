package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class FaultsTest {

    @Test
    void a_rolling_upgrade_restarts_every_worker_then_every_api_gateway_one_at_a_time() throws Exception {
        RecordingStack stack = new RecordingStack();
        Faults faults = new Faults(
                stack,
                List.of("worker-1", "worker-2"),
                List.of("api-gateway", "api-gateway-2"),
                Map.of(),
                new Random(1),
                Clock.systemUTC(),
                ChaosOptions.parse(List.of(), 1),
                message -> {});

        faults.inject(FaultKind.ROLLING_UPGRADE);
        faults.close();

        assertThat(stack.calls)
                .containsExactly(
                        "terminate worker-1",
                        "restart worker-1",
                        "terminate worker-2",
                        "restart worker-2",
                        "terminate api-gateway",
                        "restart api-gateway",
                        "terminate api-gateway-2",
                        "restart api-gateway-2");
        assertThat(faults.events()).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(FaultKind.ROLLING_UPGRADE);
            assertThat(event.target()).isEqualTo("worker-1,worker-2,api-gateway,api-gateway-2");
            assertThat(event.recoverFrom()).isAfterOrEqualTo(event.injected());
        });
    }

    /** A stack that only records what the faults asked of it. */
    private static final class RecordingStack implements ChaosStack {

        private final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public Started start() {
            throw new UnsupportedOperationException("not started in this test");
        }

        @Override
        public void kill(String part) {
            calls.add("kill " + part);
        }

        @Override
        public void terminate(String part) {
            calls.add("terminate " + part);
        }

        @Override
        public void pause(String part) {
            calls.add("pause " + part);
        }

        @Override
        public void resume(String part) {
            calls.add("resume " + part);
        }

        @Override
        public void restart(String part) {
            calls.add("restart " + part);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }
}
