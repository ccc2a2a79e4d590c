package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code ansible} connectors wired as the worker wires them, for the contract tests. */
final class AwxConnectors {

    static final int PAGE_SIZE = 3;

    private AwxConnectors() {}

    static AnsibleProperties properties(Map<String, String> settings) {
        return ConnectorTestbed.bind("jobs.connectors.ansible", AnsibleProperties.class, settings);
    }

    /** A connector for {@code baseUrl} with the stub's token, small pages and millisecond polls, plus {@code extra}. */
    static AnsibleConnector connector(ConnectorTestbed testbed, String baseUrl, String... extra) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("jobs.connectors.ansible.base-url", baseUrl);
        settings.put("jobs.connectors.ansible.auth.token", AwxStub.TOKEN);
        settings.put("jobs.connectors.ansible.page-size", Integer.toString(PAGE_SIZE));
        settings.put("jobs.connectors.ansible.poll-interval", "5ms");
        settings.put("jobs.connectors.ansible.max-poll-interval", "20ms");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return unconfigured(testbed, settings);
    }

    static AnsibleConnector unconfigured(ConnectorTestbed testbed, Map<String, String> settings) {
        return new AnsibleConnector(
                properties(settings),
                testbed.clients(),
                testbed.mapper,
                testbed.clock,
                testbed.inventory(),
                testbed.sink());
    }
}
