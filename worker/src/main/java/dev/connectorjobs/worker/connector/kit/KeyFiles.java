package dev.connectorjobs.worker.connector.kit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads private keys from the files vendors issue: PEM-encoded PKCS#8 ({@code -----BEGIN PRIVATE
 * KEY-----}), as in a Google service-account key file and the key Apple Business Manager generates.
 * The JDK parses them (nimbus-jose-jwt's PEM parser needs BouncyCastle, which the worker does not
 * ship); nimbus signs with them. Failures never quote the file's content. {@link #bytes} reads any
 * key or certificate file alike (the {@code active_directory} connector's key and trust stores).
 */
public final class KeyFiles {

    /** Largest key file read: PEM keys and Google's JSON key files are a few kilobytes. */
    static final long MAX_SIZE = 64 * 1024;

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private KeyFiles() {}

    /** The text of {@code file}, named by {@code property}. */
    static String read(Path file, String property) {
        return new String(bytes(file, property, MAX_SIZE), StandardCharsets.UTF_8);
    }

    /**
     * The content of the key or certificate file {@code file}, named by {@code property}, at most
     * {@code maxSize} bytes: a missing, unreadable, oversized file or a directory raises {@link
     * KeyFileException} saying which.
     */
    public static byte[] bytes(Path file, String property, long maxSize) {
        try {
            if (Files.isDirectory(file)) {
                throw new KeyFileException(property, file + " is a directory, not a key file");
            }
            if (Files.size(file) > maxSize) {
                throw new KeyFileException(property, file + " is larger than a key file (" + maxSize + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KeyFileException(property, file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new KeyFileException(property, file + " cannot be read by the worker (permission denied)");
        } catch (IOException e) {
            throw new KeyFileException(
                    property, file + " cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The private key in the PEM text {@code pem}, which must be of JCA algorithm {@code algorithm}
     * ({@code RSA}, {@code EC}).
     *
     * @param source where the text came from, for messages: {@code /etc/abm.pem}, {@code
     *     sa.json's private_key}
     */
    static PrivateKey privateKey(String pem, String algorithm, String property, String source) {
        Matcher block = PEM.matcher(pem);
        if (!block.find()) {
            throw new KeyFileException(
                    property,
                    source + " holds no PEM private key (-----BEGIN PRIVATE KEY----- ... -----END PRIVATE KEY-----)");
        }
        String label = block.group(1);
        if (label.startsWith("ENCRYPTED")) {
            throw new KeyFileException(property, source + " holds an encrypted key; store it without a passphrase");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(property, source + " holds a PEM block that is not valid base64");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyFileException(
                    property,
                    source + " holds no PKCS#8 " + algorithm + " private key (PEM label '" + label + "')"
                            + hint(label, algorithm));
        }
    }

    private static String hint(String label, String algorithm) {
        if (label.equals("EC PRIVATE KEY") || label.equals("RSA PRIVATE KEY")) {
            return "; convert it with: openssl pkcs8 -topk8 -nocrypt -in <file> -out <file>.pkcs8.pem";
        }
        return "; it may be a key of another type than " + algorithm;
    }
}
