package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.worker.attempt.JobContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** HTTP Basic: {@code Authorization: Basic base64(user:password)} on every request. */
public final class BasicAuth implements VendorAuth {

    private final Map<String, String> headers;
    private final List<String> secrets;

    /**
     * @param user the user name, API key or e-mail address; must not contain {@code :}
     * @param password the password or token ({@code X} where the vendor ignores it)
     */
    public BasicAuth(String user, String password) {
        if (user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("A Basic user name must not contain ':'");
        }
        String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.headers = Map.of("Authorization", "Basic " + encoded);
        this.secrets = List.of(password, encoded, user);
    }

    @Override
    public Map<String, String> headers(JobContext job) {
        return headers;
    }

    @Override
    public List<String> secrets() {
        return secrets;
    }

    @Override
    public String scheme() {
        return "basic";
    }

    /** Never shows the credentials. */
    @Override
    public String toString() {
        return "BasicAuth[***]";
    }
}
