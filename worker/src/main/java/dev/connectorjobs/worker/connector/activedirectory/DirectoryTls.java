package dev.connectorjobs.worker.connector.activedirectory;

import static dev.connectorjobs.worker.connector.activedirectory.ActiveDirectoryProperties.PREFIX;

import com.unboundid.util.ssl.SSLUtil;
import dev.connectorjobs.worker.connector.kit.KeyFileException;
import dev.connectorjobs.worker.connector.kit.KeyFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The TLS material the configuration names, read once when the connector is created: whom to trust
 * ({@code truststore}: a key store, or certificate files as Windows exports them) and the client
 * certificate to present ({@code auth.keystore}). A file that cannot serve raises {@link
 * KeyFileException} naming the property and the file, never what it holds.
 */
final class DirectoryTls {

    /** Largest key or trust store read; real ones are a few kilobytes. */
    static final long MAX_SIZE = 1024 * 1024;

    private DirectoryTls() {}

    /** The TLS settings for {@code properties}, or null when its connections do not use TLS. */
    static @Nullable SSLUtil of(ActiveDirectoryProperties properties) {
        if (!properties.tls()) {
            return null;
        }
        Path truststore = properties.truststore();
        Path keystore = properties.auth().keystore();
        TrustManager[] trust = truststore == null ? null : trustManagers(truststore, properties.truststorePassword());
        KeyManager[] keys = keystore == null
                ? null
                : keyManagers(keystore, properties.auth().keystorePassword());
        return new SSLUtil(keys, trust);
    }

    /** Trust managers for the certificates of {@code file}: a key store, or PEM or DER certificates. */
    static TrustManager[] trustManagers(Path file, @Nullable String password) {
        String property = PREFIX + ".truststore";
        byte[] content = read(file, property);
        KeyStore store = isPem(content) ? certificates(file, content, property) : null;
        if (store == null) {
            store = keyStore(file, password, property, true);
        }
        if (store == null) {
            store = certificates(file, content, property);
        }
        if (store == null) {
            throw new KeyFileException(
                    property, file + " holds neither a key store (PKCS#12, JKS) nor X.509 certificates (PEM or DER)");
        }
        try {
            if (!hasCertificate(store)) {
                throw new KeyFileException(property, file + " holds no certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(
                    property,
                    file + " cannot serve as a trust store (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Key managers for the client certificate and private key in the key store {@code file}. */
    static KeyManager[] keyManagers(Path file, @Nullable String password) {
        String property = PREFIX + ".auth.keystore";
        read(file, property);
        KeyStore store = keyStore(file, password, property, false);
        if (store == null) {
            throw new KeyFileException(property, file + " is not a PKCS#12 or JKS key store");
        }
        try {
            if (!hasKey(store)) {
                throw new KeyFileException(
                        property, file + " holds no private key; it needs the client certificate with its key");
            }
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, chars(password));
            return factory.getKeyManagers();
        } catch (UnrecoverableKeyException e) {
            throw new KeyFileException(
                    property,
                    file + ": " + PREFIX + ".auth.keystore-password does not open its private key (the key must"
                            + " have the key store's password)");
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(
                    property,
                    file + " cannot serve as a key store (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] read(Path file, String property) {
        return KeyFiles.bytes(file, property, MAX_SIZE);
    }

    /**
     * The key store {@code file}, or null when it is none (so it may be certificates).
     *
     * @param lenient whether a store that opens without integrity check is enough (a trust store's
     *     certificates are public; a key store's keys need the password anyway)
     */
    private static @Nullable KeyStore keyStore(Path file, @Nullable String password, String property, boolean lenient) {
        try {
            return KeyStore.getInstance(file.toFile(), chars(password));
        } catch (KeyStoreException e) {
            return null;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                String passwordProperty =
                        lenient ? PREFIX + ".truststore-password" : PREFIX + ".auth.keystore-password";
                throw new KeyFileException(
                        property,
                        file + ": "
                                + (password == null
                                        ? passwordProperty + " is not set and the key store needs it"
                                        : passwordProperty + " does not open it"));
            }
            throw new KeyFileException(
                    property, file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        } catch (GeneralSecurityException e) {
            throw new KeyFileException(
                    property, file + " cannot be opened (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A key store of the X.509 certificates in {@code content}, or null when it holds none. */
    private static @Nullable KeyStore certificates(Path file, byte[] content, String property) {
        Collection<? extends Certificate> certificates;
        try {
            certificates =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(content));
        } catch (CertificateException e) {
            return null;
        }
        if (certificates.isEmpty()) {
            return null;
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("certificate-" + n++, certificate);
            }
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new KeyFileException(
                    property,
                    file + ": its certificates cannot be held (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static boolean isPem(byte[] content) {
        String start = new String(content, 0, Math.min(content.length, 4096), StandardCharsets.US_ASCII);
        return start.contains("-----BEGIN ");
    }

    private static boolean hasCertificate(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.getCertificate(alias) != null) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasKey(KeyStore store) throws KeyStoreException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static char @Nullable [] chars(@Nullable String password) {
        return password == null ? null : password.toCharArray();
    }
}
