package dev.connectorjobs.worker.connector.ansible;

import dev.connectorjobs.worker.connector.ConnectorTestbed;
import java.util.Map;

/** {@code ansible} connectors wired as the worker wires them, for the contract tests. */
final class AwxConnectors {

    static final int PAGE_SIZE = 3;

    private AwxConnectors() {}

    static AnsibleProperties properties(Map<String, String> settings) {
        return ConnectorTestbed.bind(AnsibleProperties.PREFIX, AnsibleProperties.class, settings);
    }

    /** A connector for {@code baseUrl} with the stub's token, small pages and millisecond polls, plus {@code extra}. */
    static AnsibleConnector connector(ConnectorTestbed testbed, String baseUrl, String... extra) {
        Map<String, String> settings = ConnectorTestbed.with(
                Map.of(),
                "jobs.connectors.ansible.base-url",
                baseUrl,
                "jobs.connectors.ansible.auth.token",
                AwxStub.TOKEN,
                "jobs.connectors.ansible.page-size",
                Integer.toString(PAGE_SIZE),
                "jobs.connectors.ansible.poll-interval",
                "5ms",
                "jobs.connectors.ansible.max-poll-interval",
                "20ms");
        return unconfigured(testbed, ConnectorTestbed.with(settings, extra));
    }

    /** A connector with exactly {@code settings}, e.g. without a base URL or credentials. */
    static AnsibleConnector unconfigured(ConnectorTestbed testbed, Map<String, String> settings) {
        return testbed.connector(AnsibleConnector::new, AnsibleProperties.PREFIX, AnsibleProperties.class, settings);
    }
}
