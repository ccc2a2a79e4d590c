package dev.connectorjobs.api.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    /** The example of the Standard Webhooks specification, so that its libraries verify ours. */
    @Test
    void signs_the_specifications_example_as_the_specification_does() {
        String signature = WebhookSigner.sign(
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330,
                "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8));

        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void a_secret_without_the_prefix_is_its_own_bytes_and_any_change_changes_the_signature() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        String base = WebhookSigner.sign("plain-secret", "id.1", 100, body);

        assertThat(WebhookSigner.sign("plain-secret", "id.1", 100, body)).isEqualTo(base);
        assertThat(WebhookSigner.sign("plain-secreT", "id.1", 100, body)).isNotEqualTo(base);
        assertThat(WebhookSigner.sign("plain-secret", "id.2", 100, body)).isNotEqualTo(base);
        assertThat(WebhookSigner.sign("plain-secret", "id.1", 101, body)).isNotEqualTo(base);
        assertThat(WebhookSigner.sign("plain-secret", "id.1", 100, "{ }".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo(base);
    }
}
