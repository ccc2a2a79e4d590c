package dev.connectorjobs.worker.connector.androidenterprise;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.connectorjobs.worker.connector.FakeJobContext.aJob;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.ENTERPRISE;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.TOKEN;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.error;
import static dev.connectorjobs.worker.connector.androidenterprise.GoogleStub.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.ConnectorTestbed;
import dev.connectorjobs.worker.connector.FakeJobContext;
import dev.connectorjobs.worker.connector.TestKeys;
import dev.connectorjobs.worker.connector.TestKeys.ServiceAccount;
import dev.connectorjobs.worker.connector.VendorStubExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code issue_command} against a stub that answers {@code issueCommand} as the Android Management API does. */
class AndroidEnterpriseCommandContractTest {

    static final String DEVICE = "3a9f0001";
    static final String PATH = "/v1/enterprises/" + ENTERPRISE + "/devices/" + DEVICE + ":issueCommand";

    @RegisterExtension
    static final VendorStubExtension vendor = new VendorStubExtension();

    static final WireMockServer service = vendor.server();

    @TempDir
    static Path keys;

    static ServiceAccount account;

    ConnectorTestbed testbed;
    GoogleStub stub;

    @BeforeAll
    static void start() {
        account = TestKeys.googleServiceAccount(keys, "mdm-sync@acme-mdm.iam.gserviceaccount.com");
    }

    @BeforeEach
    void reset() {
        testbed = vendor.testbed();
        stub = new GoogleStub(service, account);
        stub.tokenEndpoint(TOKEN);
    }

    AndroidEnterpriseConnector connector() {
        return testbed.connector(
                AndroidEnterpriseConnector::new,
                GoogleStub.PREFIX,
                AndroidEnterpriseProperties.class,
                GoogleStub.properties(service, account));
    }

    static FakeJobContext command(String command) {
        return aJob("android_enterprise", "issue_command")
                .param("device_id", DEVICE)
                .param("command", command);
    }

    MappingBuilder issueCommand() {
        return stub.authorized(post(urlPathEqualTo(PATH)), TOKEN);
    }

    static String operation(String type) {
        return """
                {"name":"enterprises/%s/devices/%s/operations/1733212800123","metadata":{"@type":\
                "type.googleapis.com/google.android.devicemanagement.v1.Command","type":"%s",\
                "createTime":"2026-12-03T08:00:00.123Z","duration":"600s"},"done":false}""".formatted(ENTERPRISE, DEVICE, type);
    }

    @Test
    void a_command_is_posted_with_its_type_and_duration_and_the_result_names_the_operation() {
        service.stubFor(issueCommand().willReturn(json(200, operation("LOCK"))));

        Object result = connector().execute(command("lock").param("duration", "600s"));

        assertThat(result)
                .isEqualTo(Map.of(
                        "operation",
                        "enterprises/" + ENTERPRISE + "/devices/" + DEVICE + "/operations/1733212800123",
                        "done",
                        false,
                        "command",
                        "LOCK",
                        "device_id",
                        DEVICE));
        service.verify(postRequestedFor(urlPathEqualTo(PATH))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"type\":\"LOCK\",\"duration\":\"600s\"}")));
    }

    @Test
    void an_unknown_command_or_a_malformed_device_id_or_duration_is_refused_before_anything_is_sent() {
        AndroidEnterpriseConnector connector = connector();

        ConnectorException wipe =
                catchThrowableOfType(ConnectorException.class, () -> connector.execute(command("WIPE")));
        ConnectorException path = catchThrowableOfType(
                ConnectorException.class,
                () -> connector.execute(command("LOCK").param("device_id", "../x")));
        ConnectorException duration = catchThrowableOfType(
                ConnectorException.class,
                () -> connector.execute(command("LOCK").param("duration", "10 minutes")));

        assertThat(wipe.errorType()).isEqualTo("InvalidRequest");
        assertThat(wipe.getMessage()).contains("command must be one of LOCK, REBOOT, RESET_PASSWORD");
        assertThat(path.getMessage()).contains("device_id must be a device id");
        assertThat(duration.getMessage()).contains("duration must be seconds with an 's', such as 600s");
        assertThat(service.findAll(anyRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void a_repeatable_command_whose_answer_is_lost_stays_retryable() {
        service.stubFor(issueCommand().willReturn(error(503, "UNAVAILABLE", "The service is currently unavailable.")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(command("REBOOT")));

        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.isRetryable()).isTrue();
        service.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void a_command_that_is_not_repeatable_fails_permanently_when_google_may_have_taken_it() {
        service.stubFor(issueCommand().willReturn(error(503, "UNAVAILABLE", "The service is currently unavailable.")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(command("RESET_PASSWORD")));

        assertThat(failure.errorType()).isEqualTo("CommandOutcomeUnknown");
        assertThat(failure.isRetryable()).isFalse();
        assertThat(failure.getMessage())
                .contains("RESET_PASSWORD command for device " + DEVICE)
                .contains("operations");
        service.verify(1, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void a_command_that_is_not_repeatable_stays_retryable_when_google_refused_it_unprocessed() {
        service.stubFor(issueCommand()
                .willReturn(error(429, "RESOURCE_EXHAUSTED", "Quota exceeded").withHeader("Retry-After", "120")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(command("CLEAR_APP_DATA")));

        assertThat(failure.errorType()).isEqualTo("Throttled");
        assertThat(failure.isRetryable()).isTrue();
    }

    @Test
    void a_command_that_is_not_repeatable_stays_retryable_when_only_the_token_request_failed() {
        service.stubFor(post(urlPathEqualTo("/token"))
                .atPriority(1)
                .willReturn(json(503, "{\"error\":\"temporarily_unavailable\"}")));
        service.stubFor(issueCommand().willReturn(json(200, operation("RESET_PASSWORD"))));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(command("RESET_PASSWORD")));

        assertThat(failure.errorType()).isEqualTo("HttpServerError");
        assertThat(failure.isRetryable()).isTrue();
        service.verify(0, postRequestedFor(urlPathEqualTo(PATH)));
    }

    @Test
    void a_command_google_rejects_fails_permanently_with_googles_explanation() {
        service.stubFor(issueCommand()
                .willReturn(error(400, "INVALID_ARGUMENT", "clearAppsDataParams.packageNames must not be empty.")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(command("CLEAR_APP_DATA")));

        assertThat(failure.errorType()).isEqualTo("InvalidRequest");
        assertThat(failure.getMessage())
                .startsWith("android_enterprise: POST " + PATH + " answered 400")
                .contains("clearAppsDataParams.packageNames must not be empty.");
    }

    @Test
    void a_device_that_does_not_exist_says_what_to_check() {
        service.stubFor(issueCommand().willReturn(error(404, "NOT_FOUND", "Requested entity was not found.")));

        ConnectorException failure =
                catchThrowableOfType(ConnectorException.class, () -> connector().execute(command("LOCK")));

        assertThat(failure.errorType()).isEqualTo("NotFound");
        assertThat(failure.getMessage())
                .contains("Requested entity was not found.")
                .contains("check jobs.connectors.android-enterprise.enterprise-id");
    }
}
