package dev.connectorjobs.worker.connector.kit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Signed JWT assertions for {@link TokenGrant#jwtBearer} and {@link TokenGrant#clientAssertion},
 * built and signed with nimbus-jose-jwt from key files the vendors issue. Each is a function of the
 * time of the token request, so every request carries a freshly signed, short-lived assertion.
 *
 * <p>Key files are read once, when the signer is made; a replaced file takes effect when the worker
 * restarts. A file that is missing, unreadable or of the wrong kind raises a {@link
 * KeyFileException} naming the property, so the connector can fail its jobs with {@code
 * ConnectorNotConfigured}.
 */
public final class JwtAssertions {

    /** Google's OAuth 2.0 token endpoint, the audience of service-account assertions. */
    public static final String GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

    /** The audience Apple wants in a client assertion (not the URL the token request is posted to). */
    public static final String APPLE_AUDIENCE = "https://account.apple.com/auth/oauth2/v2/token";

    /** Lifetime of a Google assertion: the most Google accepts. */
    public static final Duration GOOGLE_LIFETIME = Duration.ofHours(1);

    /**
     * Lifetime of an Apple client assertion. Apple accepts up to 180 days, but one is signed for
     * every token request, so a short one limits what a leaked assertion (a proxy log) is worth.
     */
    public static final Duration APPLE_LIFETIME = Duration.ofMinutes(10);

    private JwtAssertions() {}

    /**
     * A Google service account, read from the JSON key file Google issues for it ({@code type},
     * {@code client_email}, {@code private_key_id}, {@code private_key}, {@code token_uri}).
     *
     * @param property the property that names the file, for messages
     * @throws KeyFileException when the file is missing, unreadable, not a service-account key file,
     *     or its key is not an RSA key of at least 2048 bits
     */
    public static GoogleServiceAccount googleServiceAccount(Path file, String property) {
        Map<String, Object> json;
        try {
            json = JSONObjectUtils.parse(KeyFiles.read(file, property));
        } catch (ParseException e) {
            throw new KeyFileException(
                    property, file + " is not JSON; it should be the service account's JSON key file");
        }
        Object type = json.get("type");
        if (type != null && !"service_account".equals(type)) {
            throw new KeyFileException(
                    property, file + " is a '" + type + "' credential, not a service account's key file");
        }
        String email = field(json, "client_email", file, property);
        String keyId = field(json, "private_key_id", file, property);
        String pem = field(json, "private_key", file, property);
        Object tokenUri = json.get("token_uri");
        PrivateKey key = KeyFiles.privateKey(pem, "RSA", property, file + "'s private_key");
        JWSSigner signer;
        try {
            signer = new RSASSASigner(key);
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(property, file + "'s private_key is shorter than 2048 bits");
        }
        String audience = tokenUri instanceof String uri && !uri.isBlank() ? uri : GOOGLE_TOKEN_URL;
        return new GoogleServiceAccount(email, keyId, audience, signer);
    }

    /**
     * A Google service account: who it is, and how it signs.
     *
     * @param clientEmail the account's e-mail address, the assertion's issuer
     * @param privateKeyId the id of its key, the assertion's {@code kid}
     * @param audience the key file's {@code token_uri}, {@value #GOOGLE_TOKEN_URL} when absent
     */
    public record GoogleServiceAccount(String clientEmail, String privateKeyId, String audience, JWSSigner signer) {

        /**
         * Signs the JWT bearer assertion of a token request for {@code scope} (space-separated
         * scopes): RS256, {@code kid} the key id; {@code iss} the account, {@code scope}, {@code aud},
         * {@code iat} the request time, {@code exp} one hour later.
         */
        public Function<Instant, String> assertion(String scope) {
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(privateKeyId)
                    .type(JOSEObjectType.JWT)
                    .build();
            return now -> sign(
                    header,
                    new JWTClaimsSet.Builder()
                            .issuer(clientEmail)
                            .claim("scope", scope)
                            .audience(audience)
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(GOOGLE_LIFETIME)))
                            .build(),
                    signer);
        }

        /** Never shows the key. */
        @Override
        public String toString() {
            return "GoogleServiceAccount[" + clientEmail + ", key " + privateKeyId + "]";
        }
    }

    /**
     * Apple Business Manager's client assertion, signed with the P-256 key Apple generated for the
     * API account (a PEM file): ES256, {@code kid} the key id; {@code sub} and {@code iss} the client
     * id (Apple names the issuer the team id, which for these API accounts is the client id), {@code
     * aud} {@value #APPLE_AUDIENCE}, {@code iat} the request time, {@code exp} {@link #APPLE_LIFETIME}
     * later, and a unique {@code jti}.
     *
     * @param property the property that names the file, for messages
     * @throws KeyFileException when the file is missing, unreadable or holds no P-256 EC key
     */
    public static Function<Instant, String> appleClientAssertion(
            String clientId, String keyId, Path keyFile, String property) {
        PrivateKey key = KeyFiles.privateKey(KeyFiles.read(keyFile, property), "EC", property, keyFile.toString());
        if (!(key instanceof ECPrivateKey ec) || !Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            throw new KeyFileException(property, keyFile + " holds an EC key on another curve than P-256");
        }
        JWSSigner signer;
        try {
            signer = new ECDSASigner(ec);
        } catch (JOSEException e) {
            throw new KeyFileException(property, keyFile + " holds an EC key that cannot sign ES256");
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256)
                .keyID(keyId)
                .type(JOSEObjectType.JWT)
                .build();
        return now -> sign(
                header,
                new JWTClaimsSet.Builder()
                        .subject(clientId)
                        .issuer(clientId)
                        .audience(APPLE_AUDIENCE)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(APPLE_LIFETIME)))
                        .jwtID(UUID.randomUUID().toString())
                        .build(),
                signer);
    }

    private static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(
                    "Signing a " + header.getAlgorithm() + " assertion failed: "
                            + e.getClass().getSimpleName(),
                    e);
        }
        return jwt.serialize();
    }

    private static String field(Map<String, Object> json, String name, Path file, String property) {
        if (json.get(name) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw new KeyFileException(
                property, file + " has no '" + name + "'; it should be the service account's JSON key file");
    }
}
