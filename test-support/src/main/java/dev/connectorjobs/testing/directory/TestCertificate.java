package dev.connectorjobs.testing.directory;

import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.util.ssl.cert.ManageCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A self-signed certificate and its RSA key in a PKCS#12 key store, made by the LDAP SDK's {@code
 * manage-certificates} for a test: a domain controller's (for {@code localhost} and {@code
 * 127.0.0.1}) or a client's. It also writes what a client is given to trust it: the certificate as
 * PEM, or in a PKCS#12 trust store.
 *
 * @param keyStore the PKCS#12 key store with the key and certificate, alias {@value #ALIAS}
 * @param password the key store's (and the key's) password
 * @param subject the certificate's subject DN
 */
public record TestCertificate(Path keyStore, String password, String subject) {

    public static final String ALIAS = "test";

    /** A certificate for a server on this machine: subject {@code CN=localhost}, names {@code localhost} and {@code 127.0.0.1}. */
    public static TestCertificate server(Path directory) {
        return create(directory, "server", "CN=localhost", "server-auth", "localhost", "127.0.0.1");
    }

    /** A server certificate issued for another host ({@code dc9.elsewhere.example}), which host-name verification refuses. */
    public static TestCertificate serverForAnotherHost(Path directory) {
        return create(
                directory, "other-host", "CN=dc9.elsewhere.example", "server-auth", "dc9.elsewhere.example", null);
    }

    /** A client certificate with subject {@code subject}. */
    public static TestCertificate client(Path directory, String subject) {
        return create(directory, "client", subject, "client-auth", null, null);
    }

    /** This certificate as a PEM file, e.g. for a trust store setting that takes certificate files. */
    public Path pem() {
        Path file = keyStore.resolveSibling(keyStore.getFileName() + ".pem");
        String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(encoded());
        write(
                file,
                ("-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n")
                        .getBytes(StandardCharsets.US_ASCII));
        return file;
    }

    /** This certificate alone in a PKCS#12 trust store with {@code storePassword}. */
    public Path trustStore(String storePassword) {
        Path file = keyStore.resolveSibling(keyStore.getFileName() + ".truststore.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(ALIAS, certificate());
            store.store(out, storePassword.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return file;
    }

    /** The certificate. */
    public X509Certificate certificate() {
        try {
            return (X509Certificate) load().getCertificate(ALIAS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key managers that present this certificate (for a server). */
    public KeyManager[] keyManagers() {
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(load(), password.toCharArray());
            return factory.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Trust managers that trust this certificate alone (for a server that asks for client certificates). */
    public TrustManager[] trustManagers() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry(ALIAS, certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] encoded() {
        try {
            Certificate certificate = certificate();
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore load() throws GeneralSecurityException {
        try {
            return KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TestCertificate create(
            Path directory, String name, String subject, String usage, @Nullable String dns, @Nullable String ip) {
        Path file = directory.resolve(name + ".p12");
        String password = "changeit-" + name;
        List<String> args = new ArrayList<>(List.of(
                "generate-self-signed-certificate",
                "--keystore",
                file.toString(),
                "--keystore-password",
                password,
                "--keystore-type",
                "PKCS12",
                "--alias",
                ALIAS,
                "--subject-dn",
                subject,
                "--days-valid",
                "30",
                "--key-algorithm",
                "RSA",
                "--key-size-bits",
                "2048",
                "--signature-algorithm",
                "SHA256withRSA",
                "--extended-key-usage",
                usage));
        if (dns != null) {
            args.addAll(List.of("--subject-alternative-name-dns", dns));
        }
        if (ip != null) {
            args.addAll(List.of("--subject-alternative-name-ip-address", ip));
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ResultCode result = ManageCertificates.main(null, output, output, args.toArray(String[]::new));
        if (!ResultCode.SUCCESS.equals(result)) {
            throw new IllegalStateException("manage-certificates failed: " + output.toString(StandardCharsets.UTF_8));
        }
        return new TestCertificate(file, password, subject);
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
