package dev.connectorjobs.api.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * API keys: creation (the key is returned once), listing, revocation and authentication. Keys are
 * 256 random bits; only their SHA-256 is stored (a slow hash adds nothing for keys of that
 * entropy), so a database dump yields no usable key.
 */
@Component
public final class ApiKeys {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PREFIX = "cj_";
    static final String BOOTSTRAP_NAME = "bootstrap-admin";
    static final String BOOTSTRAP_CREATOR = "JOBS_BOOTSTRAP_ADMIN_KEY";
    /** Shown instead of a prefix: the bootstrap key is chosen by hand and may be short. */
    static final String BOOTSTRAP_PREFIX = "(env)";
    /** Keys trusted without a look-up; only valid keys are cached, so unknown keys cannot evict them. */
    private static final int MAX_CACHED = 100_000;

    private final JdbcClient jdbc;
    private final SecurityProperties properties;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    /**
     * A validated key. When it expires, one request looks it up again while the others keep using
     * it, for at most one more cache time: without that, every request in flight at the moment of
     * expiry would update the key's row, one after another on its row lock, and all of them wait.
     */
    private record Cached(ApiClient client, Instant until, AtomicBoolean refreshing) {

        Cached(ApiClient client, Instant until) {
            this(client, until, new AtomicBoolean());
        }
    }

    ApiKeys(JdbcClient jdbc, SecurityProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.clock = clock;
    }

    /** A key as listed: never the key itself. */
    public record KeyInfo(
            UUID id,
            String name,
            Role role,
            String prefix,
            Instant createdAt,
            @Nullable String createdBy,
            @Nullable Instant revokedAt,
            @Nullable Instant lastUsedAt) {}

    /** A new key and the only time its secret is shown. */
    public record CreatedKey(KeyInfo info, String key) {}

    /**
     * Makes the database agree with {@code JOBS_BOOTSTRAP_ADMIN_KEY}: the configured key is valid
     * (unless an admin revoked it, which stands), any other key it installed before is revoked, and
     * with no key configured every key it installed is revoked. So unsetting the variable and
     * restarting ends the bootstrap key. Nothing of the key is logged.
     */
    @EventListener(ApplicationReadyEvent.class)
    void reconcileBootstrapKey() {
        String key = properties.bootstrapAdminKey();
        String hash = key == null ? "" : hash(key);
        int revoked = jdbc.sql("""
                        UPDATE api_keys SET revoked_at = :now
                         WHERE created_by = :by AND revoked_at IS NULL AND key_hash <> :hash
                        """)
                .param("now", Timestamp.from(clock.instant()))
                .param("by", BOOTSTRAP_CREATOR)
                .param("hash", hash)
                .update();
        jdbc.sql("UPDATE api_keys SET key_prefix = :prefix WHERE created_by = :by AND key_prefix <> :prefix")
                .param("prefix", BOOTSTRAP_PREFIX)
                .param("by", BOOTSTRAP_CREATOR)
                .update();
        if (revoked > 0) {
            log.warn(
                    "Revoked the bootstrap admin key installed before: JOBS_BOOTSTRAP_ADMIN_KEY is {}",
                    key == null ? "no longer set" : "set to another value");
        }
        if (key == null) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_at, created_by)
                        VALUES (:id, :name, 'ADMIN', :hash, :prefix, :now, :by)
                        ON CONFLICT (key_hash) DO NOTHING
                        """)
                .param("id", UUID.nameUUIDFromBytes(hash.getBytes(StandardCharsets.UTF_8)))
                .param("name", BOOTSTRAP_NAME)
                .param("hash", hash)
                .param("prefix", BOOTSTRAP_PREFIX)
                .param("now", Timestamp.from(clock.instant()))
                .param("by", BOOTSTRAP_CREATOR)
                .update();
        boolean active = jdbc.sql("SELECT revoked_at IS NULL FROM api_keys WHERE key_hash = :hash")
                .param("hash", hash)
                .query(Boolean.class)
                .single();
        if (active) {
            log.info("The bootstrap admin key from JOBS_BOOTSTRAP_ADMIN_KEY is valid; create named keys with it,"
                    + " then unset the variable and restart to revoke it");
        } else {
            log.warn("The bootstrap admin key from JOBS_BOOTSTRAP_ADMIN_KEY was revoked by an admin and stays"
                    + " revoked; set a new value to get a working bootstrap key");
        }
    }

    /** Creates a key. */
    public CreatedKey create(String name, Role role, @Nullable String createdBy) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                        INSERT INTO api_keys (id, name, role, key_hash, key_prefix, created_at, created_by)
                        VALUES (:id, :name, :role, :hash, :prefix, :now, :by)
                        """)
                .param("id", id)
                .param("name", name)
                .param("role", role.name())
                .param("hash", hash(key))
                .param("prefix", prefixOf(key))
                .param("now", Timestamp.from(now))
                .param("by", createdBy)
                .update();
        return new CreatedKey(new KeyInfo(id, name, role, prefixOf(key), now, createdBy, null, null), key);
    }

    /** Every key, newest first. */
    public List<KeyInfo> list() {
        return jdbc.sql("""
                        SELECT id, name, role, key_prefix, created_at, created_by, revoked_at, last_used_at
                          FROM api_keys ORDER BY created_at DESC
                        """)
                .query((rs, n) -> new KeyInfo(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        Role.valueOf(rs.getString("role")),
                        rs.getString("key_prefix"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getString("created_by"),
                        instant(rs.getTimestamp("revoked_at")),
                        instant(rs.getTimestamp("last_used_at"))))
                .list();
    }

    /**
     * Revokes a key at once on this replica (within the cache time on others).
     *
     * @return the key's name, or empty if there is no such key
     */
    public Optional<String> revoke(UUID id) {
        Optional<String> name = jdbc.sql("""
                        UPDATE api_keys SET revoked_at = coalesce(revoked_at, :now) WHERE id = :id RETURNING name
                        """)
                .param("id", id)
                .param("now", Timestamp.from(clock.instant()))
                .query(String.class)
                .optional();
        cache.clear();
        return name;
    }

    /**
     * The client a presented key belongs to; empty for unknown or revoked keys. Valid keys are
     * cached for {@code key-cache-ttl}; unknown keys are looked up each time (read only, and their
     * rate is bounded per address by {@link AuthenticationThrottle}), so a flood of them neither
     * writes to the database nor pushes valid keys out of the cache.
     */
    public Optional<ApiClient> authenticate(String key) {
        byte[] digest = digest(key);
        String hash = HexFormat.of().formatHex(digest);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached != null && cached.until().isAfter(now)) {
            return Optional.of(cached.client());
        }
        if (cached != null
                && cached.until().plus(properties.keyCacheTtl()).isAfter(now)
                && !cached.refreshing().compareAndSet(false, true)) {
            return Optional.of(cached.client()); // another request is looking it up
        }
        Optional<StoredKey> stored = jdbc.sql("""
                        SELECT id, name, role, key_hash FROM api_keys WHERE key_hash = :hash AND revoked_at IS NULL
                        """)
                .param("hash", hash)
                .query((rs, n) -> new StoredKey(
                        new ApiClient(
                                rs.getObject("id", UUID.class),
                                rs.getString("name"),
                                Role.valueOf(rs.getString("role"))),
                        rs.getString("key_hash")))
                .optional()
                .filter(k -> MessageDigest.isEqual(HexFormat.of().parseHex(k.hash()), digest));
        if (stored.isEmpty()) {
            cache.remove(hash);
            return Optional.empty();
        }
        ApiClient client = stored.get().client();
        jdbc.sql("UPDATE api_keys SET last_used_at = :now WHERE id = :id")
                .param("id", client.keyId())
                .param("now", Timestamp.from(now))
                .update();
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(hash, new Cached(client, now.plus(properties.keyCacheTtl())));
        return Optional.of(client);
    }

    /**
     * Whether key {@code id} exists and is not revoked, read from the database each time: the
     * console's sessions hold the key's id, not the key, and must end when it is revoked.
     */
    public boolean isActive(UUID id) {
        return jdbc.sql("SELECT count(*) FROM api_keys WHERE id = :id AND revoked_at IS NULL")
                        .param("id", id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** How many valid keys are trusted from the cache now. */
    int cachedKeys() {
        return cache.size();
    }

    private record StoredKey(ApiClient client, String hash) {}

    static String hash(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String prefixOf(String key) {
        return key.substring(0, Math.min(8, key.length()));
    }

    private static @Nullable Instant instant(@Nullable Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
