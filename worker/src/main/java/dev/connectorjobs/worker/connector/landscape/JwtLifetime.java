package dev.connectorjobs.worker.connector.landscape;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * When to renew a Landscape JWT: Landscape's login answer states no lifetime, so it is read from the
 * token's {@code exp} claim (the signature is Landscape's business; only the claims are read).
 */
final class JwtLifetime {

    /** Tokens are renewed this long before they expire (at most a tenth of their remaining life). */
    static final Duration RENEWAL_MARGIN = Duration.ofSeconds(60);

    private JwtLifetime() {}

    /** A minute before {@code jwt}'s {@code exp}; {@link Instant#MAX} (until refused) when it has none. */
    static Instant renewAt(String jwt, Instant now, ObjectMapper mapper) {
        Optional<Instant> expiry = expiry(jwt, mapper);
        if (expiry.isEmpty()) {
            return Instant.MAX;
        }
        Duration life = Duration.between(now, expiry.get());
        if (life.isNegative() || life.isZero()) {
            return now;
        }
        Duration margin = life.dividedBy(10).compareTo(RENEWAL_MARGIN) < 0 ? life.dividedBy(10) : RENEWAL_MARGIN;
        return expiry.get().minus(margin);
    }

    /** The {@code exp} claim of {@code jwt}; empty when it is not a readable JWT. */
    static Optional<Instant> expiry(String jwt, ObjectMapper mapper) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            JsonNode claims = mapper.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims == null ? null : claims.get("exp");
            return exp != null && exp.isNumber() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IllegalArgumentException | JacksonException e) {
            return Optional.empty();
        }
    }
}
