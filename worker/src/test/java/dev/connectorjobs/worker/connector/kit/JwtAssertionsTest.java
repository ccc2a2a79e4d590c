package dev.connectorjobs.worker.connector.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dev.connectorjobs.model.catalog.DeviceConnectors;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.TestKeys;
import dev.connectorjobs.worker.connector.TestKeys.AppleKey;
import dev.connectorjobs.worker.connector.TestKeys.ServiceAccount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Signed assertions for Google service accounts and Apple Business Manager, checked with nimbus. */
class JwtAssertionsTest {

    static final String PROPERTY = "jobs.connectors.abm.auth.private-key-file";
    static final Instant NOW = Instant.parse("2026-12-03T08:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_google_assertion_is_signed_with_the_service_account_key_and_carries_google_claims() throws Exception {
        ServiceAccount account = TestKeys.googleServiceAccount(dir, "mdm-sync@acme-mdm.iam.gserviceaccount.com");

        String assertion = JwtAssertions.googleServiceAccount(account.file(), PROPERTY)
                .assertion("https://www.googleapis.com/auth/androidmanagement")
                .apply(NOW);

        SignedJWT jwt = SignedJWT.parse(assertion);
        assertThat(account.signed(assertion)).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo(account.keyId());
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("mdm-sync@acme-mdm.iam.gserviceaccount.com");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("https://oauth2.googleapis.com/token");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("scope"))
                .isEqualTo("https://www.googleapis.com/auth/androidmanagement");
        assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isEqualTo(Date.from(NOW.plusSeconds(3600)));
    }

    @Test
    void an_apple_client_assertion_is_es256_with_the_client_id_as_subject_and_issuer_and_a_fresh_jti()
            throws Exception {
        AppleKey key = TestKeys.appleKey(dir);
        Function<Instant, String> signer = JwtAssertions.appleClientAssertion(
                "BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152",
                "d136aa66-0c3b-4bd4-9892-c20e8db024ab",
                key.file(),
                PROPERTY);

        String first = signer.apply(NOW);
        String second = signer.apply(NOW);

        SignedJWT jwt = SignedJWT.parse(first);
        assertThat(key.signed(first)).isTrue();
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(jwt.getHeader().getKeyID()).isEqualTo("d136aa66-0c3b-4bd4-9892-c20e8db024ab");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152");
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152");
        assertThat(jwt.getJWTClaimsSet().getAudience())
                .containsExactly("https://account.apple.com/auth/oauth2/v2/token");
        assertThat(jwt.getJWTClaimsSet().getIssueTime()).isEqualTo(Date.from(NOW));
        assertThat(jwt.getJWTClaimsSet().getExpirationTime()).isAfter(Date.from(NOW));
        assertThat(jwt.getJWTClaimsSet().getJWTID()).isNotBlank();
        assertThat(SignedJWT.parse(second).getJWTClaimsSet().getJWTID())
                .isNotEqualTo(jwt.getJWTClaimsSet().getJWTID());
    }

    @Test
    void an_assertion_signed_by_another_key_does_not_verify() throws Exception {
        AppleKey key = TestKeys.appleKey(dir);
        Path other = Files.createDirectory(dir.resolve("other"));
        AppleKey stranger = TestKeys.appleKey(other);

        String assertion = JwtAssertions.appleClientAssertion("BUSINESSAPI.x", "kid", stranger.file(), PROPERTY)
                .apply(NOW);

        assertThat(key.signed(assertion)).isFalse();
    }

    @Test
    void a_missing_key_file_names_the_property_and_the_file() {
        Path missing = dir.resolve("absent.pem");

        KeyFileException failure = catchThrowableOfType(
                KeyFileException.class, () -> JwtAssertions.appleClientAssertion("c", "k", missing, PROPERTY));

        assertThat(failure.getMessage()).isEqualTo(PROPERTY + ": " + missing + " does not exist");
        ConnectorException job = failure.notConfigured(DeviceConnectors.ABM, "the PEM key Apple generated");
        assertThat(job.errorType()).isEqualTo("ConnectorNotConfigured");
        assertThat(job.isRetryable()).isFalse();
        assertThat(job.getMessage())
                .startsWith("abm is not configured: " + PROPERTY + ": " + missing + " does not exist; set " + PROPERTY)
                .contains("JOBS_CONNECTORS_ABM_AUTH_PRIVATE_KEY_FILE");
    }

    @Test
    void an_rsa_key_where_apple_wants_p256_is_refused_without_quoting_the_key() throws Exception {
        String pem = TestKeys.pem(new RSAKeyGenerator(2048).generate().toPrivateKey());
        Path file = Files.writeString(dir.resolve("rsa.pem"), pem);

        KeyFileException failure = catchThrowableOfType(
                KeyFileException.class, () -> JwtAssertions.appleClientAssertion("c", "k", file, PROPERTY));

        assertThat(failure.getMessage()).startsWith(PROPERTY + ": " + file + " holds no PKCS#8 EC private key");
        assertNoKeyMaterial(failure, pem);
    }

    @Test
    void an_ec_key_on_another_curve_is_refused() throws Exception {
        ECKey p384 = new ECKeyGenerator(Curve.P_384).generate();
        Path file = Files.writeString(dir.resolve("p384.pem"), TestKeys.pem(p384.toPrivateKey()));

        KeyFileException failure = catchThrowableOfType(
                KeyFileException.class, () -> JwtAssertions.appleClientAssertion("c", "k", file, PROPERTY));

        assertThat(failure.getMessage())
                .isEqualTo(PROPERTY + ": " + file + " holds an EC key on another curve than P-256");
    }

    @Test
    void a_sec1_ec_key_is_refused_with_the_conversion_to_run() throws Exception {
        Path file = Files.writeString(
                dir.resolve("sec1.pem"),
                "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIIrYSSNQFaA2Hwf1duRSxKtLYX5CB04fSeQ6tF1aY/PuoAoGCCqGSM49\n"
                        + "-----END EC PRIVATE KEY-----\n");

        KeyFileException failure = catchThrowableOfType(
                KeyFileException.class, () -> JwtAssertions.appleClientAssertion("c", "k", file, PROPERTY));

        assertThat(failure.getMessage()).contains("PEM label 'EC PRIVATE KEY'").contains("openssl pkcs8 -topk8");
        assertThat(failure.getMessage()).doesNotContain("MHcCAQEEII");
    }

    @Test
    void a_google_key_file_that_is_not_a_service_account_or_lacks_fields_is_refused_by_name() throws Exception {
        Path user = Files.writeString(
                dir.resolve("user.json"),
                "{\"type\":\"authorized_user\",\"client_id\":\"x\",\"client_secret\":\"s\",\"refresh_token\":\"r\"}");
        Path partial = Files.writeString(dir.resolve("partial.json"), "{\"type\":\"service_account\"}");
        Path pem = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");

        List<String> messages = List.of(user, partial, pem).stream()
                .map(file -> catchThrowableOfType(
                                KeyFileException.class, () -> JwtAssertions.googleServiceAccount(file, PROPERTY))
                        .getMessage())
                .toList();

        assertThat(messages)
                .containsExactly(
                        PROPERTY + ": " + user + " is a 'authorized_user' credential, not a service account's key file",
                        PROPERTY + ": " + partial
                                + " has no 'client_email'; it should be the service account's JSON key file",
                        PROPERTY + ": " + pem + " is not JSON; it should be the service account's JSON key file");
    }

    @Test
    void a_google_key_file_with_an_ec_key_is_refused_without_quoting_it() throws Exception {
        ServiceAccount account = TestKeys.googleServiceAccount(dir, "sa@acme.iam.gserviceaccount.com");
        String ecPem = TestKeys.pem(new ECKeyGenerator(Curve.P_256).generate().toPrivateKey());
        String json = Files.readString(account.file());
        JsonMapper mapper = JsonMapper.builder().build();
        ObjectNode fields = (ObjectNode) mapper.readTree(json);
        fields.put("private_key", ecPem);
        Files.writeString(account.file(), mapper.writeValueAsString(fields));

        KeyFileException failure = catchThrowableOfType(
                KeyFileException.class, () -> JwtAssertions.googleServiceAccount(account.file(), PROPERTY));

        assertThat(failure.getMessage())
                .startsWith(PROPERTY + ": " + account.file() + "'s private_key holds no PKCS#8 RSA private key");
        assertNoKeyMaterial(failure, ecPem);
    }

    @Test
    void toString_of_a_service_account_shows_who_it_is_but_not_its_key() {
        ServiceAccount account = TestKeys.googleServiceAccount(dir, "sa@acme.iam.gserviceaccount.com");

        String shown =
                JwtAssertions.googleServiceAccount(account.file(), PROPERTY).toString();

        assertThat(shown)
                .isEqualTo("GoogleServiceAccount[sa@acme.iam.gserviceaccount.com, key " + account.keyId() + "]");
    }

    private static void assertNoKeyMaterial(Exception failure, String pem) {
        String body =
                pem.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(failure.getMessage()).doesNotContain(body.substring(0, 20));
    }
}
