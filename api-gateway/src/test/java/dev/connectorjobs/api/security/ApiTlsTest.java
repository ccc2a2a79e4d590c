package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.testing.TestInfrastructure;
import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API over HTTPS from a Spring Boot SSL bundle, as docs/security.md describes it. */
class ApiTlsTest {

    @TempDir
    static Path dir;

    @Test
    void the_api_answers_over_tls_from_an_ssl_bundle() throws Exception {
        Path keystore = dir.resolve("api.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "api",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        "test-store-pass")
                .redirectErrorStream(true)
                .start();
        assertThat(keytool.waitFor())
                .as(new String(keytool.getInputStream().readAllBytes()))
                .isZero();
        SecuredApi api = SecuredApi.named(
                "tls",
                "server.ssl.bundle=api",
                "spring.ssl.bundle.jks.api.keystore.location=file:" + keystore,
                "spring.ssl.bundle.jks.api.keystore.type=PKCS12",
                "spring.ssl.bundle.jks.api.keystore.password=test-store-pass");

        HttpResponse<String> response = client(keystore)
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + api.port + "/api/v1/connectors"))
                                .header("Authorization", TestInfrastructure.ADMIN_AUTHORIZATION)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("diagnostics");
        assertThat(Files.size(keystore)).isPositive();
    }

    /** A client that trusts exactly the test's self-signed certificate. */
    private static HttpClient client(Path keystore) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(keystore.toFile())) {
            trusted.load(in, "test-store-pass".toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).build();
    }
}
