package dev.connectorjobs.worker.connector;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Key files as vendors issue them, generated for a test: a Google service account's JSON key file
 * (RSA 2048) and an Apple Business Manager PEM key (P-256), with verifiers for what they sign.
 */
public final class TestKeys {

    private TestKeys() {}

    /** A generated Google service account key file and its public key. */
    public record ServiceAccount(Path file, String clientEmail, String keyId, RSAKey key) {

        /** Whether {@code assertion} is a JWT signed by this account's key. */
        public boolean signed(String assertion) {
            return verify(assertion, verifier());
        }

        private JWSVerifier verifier() {
            try {
                return new RSASSAVerifier(key.toRSAPublicKey());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A generated Apple Business Manager key file and its public key. */
    public record AppleKey(Path file, ECKey key) {

        /** Whether {@code assertion} is a JWT signed by this key. */
        public boolean signed(String assertion) {
            try {
                return verify(assertion, new ECDSAVerifier(key.toECPublicKey()));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Writes the JSON key file of service account {@code clientEmail} into {@code dir}. */
    public static ServiceAccount googleServiceAccount(Path dir, String clientEmail) {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID("4f1c2b3a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a")
                    .generate();
            Path file = dir.resolve("service-account.json");
            Map<String, Object> json = Map.of(
                    "type", "service_account",
                    "project_id", "acme-mdm",
                    "private_key_id", key.getKeyID(),
                    "private_key", pem(key.toPrivateKey()),
                    "client_email", clientEmail,
                    "client_id", "108532927531471820011",
                    "auth_uri", "https://accounts.google.com/o/oauth2/auth",
                    "token_uri", "https://oauth2.googleapis.com/token");
            Files.writeString(file, JsonMapper.builder().build().writeValueAsString(json));
            return new ServiceAccount(file, clientEmail, key.getKeyID(), key.toPublicJWK());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a P-256 private key as Apple Business Manager generates it (PKCS#8 PEM) into {@code dir}. */
    public static AppleKey appleKey(Path dir) {
        try {
            ECKey key = new ECKeyGenerator(Curve.P_256).generate();
            Path file = dir.resolve("abm-private-key.pem");
            Files.writeString(file, pem(key.toPrivateKey()));
            return new AppleKey(file, key.toPublicJWK());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code key} as PEM PKCS#8, 64 characters a line. */
    public static String pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }

    /** The claims of {@code assertion}, a serialized JWT. */
    public static Map<String, Object> claims(String assertion) {
        try {
            return SignedJWT.parse(assertion).getJWTClaimsSet().toJSONObject();
        } catch (ParseException e) {
            throw new IllegalArgumentException("not a JWT: " + e.getMessage(), e);
        }
    }

    private static boolean verify(String assertion, JWSVerifier verifier) {
        try {
            return SignedJWT.parse(assertion).verify(verifier);
        } catch (ParseException | JOSEException e) {
            return false;
        }
    }
}
