package dev.connectorjobs.worker.connector.servicenow;

import dev.connectorjobs.worker.attempt.JobContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic authentication of the integration user: nothing to renew. */
final class BasicCredentials implements Credentials {

    private final String header;

    BasicCredentials(String username, String password) {
        this.header = "Basic "
                + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String authorization(JobContext job) {
        return header;
    }

    @Override
    public boolean renewAfterRejection(String rejected) {
        return false;
    }

    @Override
    public String scheme() {
        return "basic";
    }

    @Override
    public String toString() {
        return "BasicCredentials[****]";
    }
}
