package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import dev.connectorjobs.worker.connector.kit.ConnectorSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and as whom the {@code active_directory} connector reads Active Directory over LDAP ({@code
 * jobs.connectors.active-directory.*}; environment {@code JOBS_CONNECTORS_ACTIVE_DIRECTORY_URL},
 * {@code JOBS_CONNECTORS_ACTIVE_DIRECTORY_AUTH_PASSWORD} and so on). LDAP is not HTTP: the
 * connector has its own connection pool and timeouts here, and only the {@code active_directory}
 * breaker in common with the HTTP connectors.
 *
 * @param url the domain controllers, {@code ldaps://dc1.corp.example.com} (port 636 unless given) or
 *     {@code ldap://...} (389); several, comma-separated, are tried in order (failover). All use the
 *     same scheme. Without it, jobs fail permanently with {@code ConnectorNotConfigured}
 * @param startTls upgrade {@code ldap://} connections to TLS with StartTLS before binding; not with
 *     {@code ldaps://}, which is TLS from the start; default false
 * @param bindDn the account the connector binds as: a DN ({@code
 *     CN=svc-inventory,OU=Service Accounts,DC=corp,DC=example,DC=com}) or, as Active Directory also
 *     accepts, a user principal name ({@code svc-inventory@corp.example.com}); with {@code
 *     auth.password}
 * @param auth the bind account's password, or a client certificate for TLS client authentication
 * @param truststore the certificates that may sign the domain controllers' certificates: a PKCS#12 or
 *     JKS key store, or a PEM or DER file of X.509 certificates (e.g. the AD CS root CA exported as
 *     {@code .cer}); default the JVM's trusted CAs. Host names are always verified
 * @param truststorePassword the password of a {@code truststore} key store (none for certificate
 *     files)
 * @param baseDn where every search starts, e.g. {@code DC=corp,DC=example,DC=com} (the domain's
 *     {@code defaultNamingContext}, which {@code test_connection} reports) or an OU below it. Without
 *     it, jobs fail permanently with {@code ConnectorNotConfigured}
 * @param pageSize entries per page of a paged search (simple paged results control), 1 to {@value
 *     #MAX_PAGE_SIZE}; Active Directory returns at most its {@code MaxPageSize} (default 1000) whatever
 *     is asked; default {@value #DEFAULT_PAGE_SIZE}
 * @param pageCap most pages one {@code fetch_*} job reads; a job that reaches it stops and says {@code
 *     page_cap_reached}; default {@value #DEFAULT_PAGE_CAP}
 * @param connectTimeout longest wait for a TCP connection (and TLS handshake) to a domain controller
 *     before the next one is tried; default 10 s
 * @param responseTimeout longest wait for the answer to one LDAP request (a bind, one page); default 60
 *     s
 * @param poolSize most LDAP connections the worker keeps open to the directory, one per running job;
 *     1 to {@value #MAX_POOL_SIZE}; default {@value #DEFAULT_POOL_SIZE}
 * @param healthCheckInterval how often idle pooled connections are checked (a root DSE read), so that
 *     connections a domain controller dropped are replaced before a job takes them; default 60 s
 */
@ConfigurationProperties("jobs.connectors.active-directory")
record ActiveDirectoryProperties(
        @DefaultValue List<URI> url,
        @DefaultValue("false") boolean startTls,
        @Nullable String bindDn,
        @DefaultValue Auth auth,
        @Nullable Path truststore,
        @Nullable String truststorePassword,
        @Nullable String baseDn,
        @DefaultValue("" + DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + DEFAULT_PAGE_CAP) int pageCap,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration responseTimeout,
        @DefaultValue("" + DEFAULT_POOL_SIZE) int poolSize,
        @DefaultValue("60s") Duration healthCheckInterval) {

    static final String PREFIX = "jobs.connectors.active-directory";
    static final int MAX_PAGE_SIZE = 10_000;
    static final int DEFAULT_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_CAP = 10_000;
    static final int MAX_POOL_SIZE = 100;
    static final int DEFAULT_POOL_SIZE = 4;

    /**
     * How the connector authenticates: a simple bind of {@code bind-dn} with {@code password}, or,
     * without a password, the client certificate of {@code keystore} (SASL EXTERNAL over TLS; the
     * directory maps the certificate to an account). With both, the certificate is presented and the
     * password bind decides who the connector is.
     *
     * @param password the bind account's password; never logged or shown in an error
     * @param keystore a PKCS#12 or JKS key store holding the client certificate and its private key,
     *     for TLS client authentication; needs {@code ldaps://} or {@code start-tls}
     * @param keystorePassword the key store's password (also the key's)
     */
    record Auth(
            @Nullable String password,
            @Nullable Path keystore,
            @Nullable String keystorePassword) {

        Auth {
            if (password != null && password.isEmpty()) {
                password = null;
            }
            if (keystorePassword != null && keystore == null) {
                throw invalid("auth.keystore-password", "is set but auth.keystore is not; set both or neither");
            }
        }

        /** Never shows the passwords. */
        @Override
        public String toString() {
            return "Auth[password=" + (password == null ? "unset" : "***") + ", keystore=" + keystore
                    + ", keystorePassword=" + (keystorePassword == null ? "unset" : "***") + "]";
        }
    }

    ActiveDirectoryProperties {
        url = List.copyOf(url);
        urls(url, startTls);
        bindDn = bindDn == null || bindDn.isBlank() ? null : bindDn.trim();
        baseDn = baseDn == null || baseDn.isBlank() ? null : dn("base-dn", baseDn.trim());
        if (truststorePassword != null && truststore == null) {
            throw invalid("truststore-password", "is set but truststore is not; set both or neither");
        }
        if (auth.keystore() != null && !url.isEmpty() && !tls(url, startTls)) {
            throw invalid(
                    "auth.keystore",
                    "needs TLS to present the client certificate: use ldaps:// URLs or set " + PREFIX
                            + ".start-tls=true");
        }
        ConnectorSettings.pageSize(
                PREFIX, pageSize, MAX_PAGE_SIZE, "Active Directory returns at most its MaxPageSize anyway");
        ConnectorSettings.pageCap(PREFIX, pageCap);
        positive("connect-timeout", connectTimeout);
        positive("response-timeout", responseTimeout);
        positive("health-check-interval", healthCheckInterval);
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw invalid("pool-size", "must be between 1 and " + MAX_POOL_SIZE + "; was " + poolSize);
        }
    }

    /** Whether the URLs are {@code ldaps://}. */
    boolean ldaps() {
        return !url.isEmpty() && "ldaps".equalsIgnoreCase(url.getFirst().getScheme());
    }

    /** Whether connections use TLS: {@code ldaps://}, or StartTLS. */
    boolean tls() {
        return tls(url(), startTls);
    }

    /** Whether the connector authenticates with the client certificate alone (SASL EXTERNAL). */
    boolean certificateBind() {
        return auth.password() == null && auth.keystore() != null;
    }

    /** What is missing for jobs to reach the directory: the URL, the base DN, then a credential. */
    Optional<ConnectorException> unconfigured(ConnectorDescriptor connector) {
        if (url().isEmpty()) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector,
                    "url",
                    "the domain controllers' LDAP URLs, e.g."
                            + " ldaps://dc1.corp.example.com,ldaps://dc2.corp.example.com"));
        }
        if (baseDn() == null) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector, "base-dn", "the DN searches start from, e.g. DC=corp,DC=example,DC=com"));
        }
        if (auth.password() != null && bindDn() == null) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector,
                    "bind-dn",
                    "the account to bind as, e.g. CN=svc-inventory,OU=Service Accounts,DC=corp,DC=example,DC=com"
                            + " or svc-inventory@corp.example.com"));
        }
        if (auth.password() == null && auth.keystore() == null) {
            return Optional.of(ConnectorErrors.notConfigured(
                    connector,
                    "auth.password",
                    "the password of bind-dn (or set auth.keystore to authenticate with a client certificate)"));
        }
        return Optional.empty();
    }

    /** The secrets to mask in any text that may leave the connector. */
    List<String> secrets() {
        return Stream.of(auth.password(), auth.keystorePassword(), truststorePassword)
                .filter(Objects::nonNull)
                .map(String::valueOf)
                .toList();
    }

    private static void urls(List<URI> urls, boolean startTls) {
        String scheme = null;
        for (URI url : urls) {
            String own = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!own.equals("ldap") && !own.equals("ldaps")) {
                throw invalid("url", "must be ldap:// or ldaps:// URLs; was " + url);
            }
            if (url.getHost() == null || url.getRawUserInfo() != null) {
                throw invalid(
                        "url",
                        "must name a host and no credentials, e.g. ldaps://dc1.corp.example.com; was " + url.getScheme()
                                + "://" + url.getHost());
            }
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            if (!(path.isEmpty() || path.equals("/")) || url.getRawQuery() != null || url.getRawFragment() != null) {
                throw invalid("url", "must be a server only (put the DN into " + PREFIX + ".base-dn); was " + url);
            }
            if (scheme != null && !scheme.equals(own)) {
                throw invalid("url", "must all use the same scheme, ldap:// or ldaps://; were " + urls);
            }
            scheme = own;
        }
        if (startTls && "ldaps".equals(scheme)) {
            throw invalid("start-tls", "is for ldap:// URLs; ldaps:// is TLS from the start, so leave start-tls false");
        }
    }

    private static boolean tls(List<URI> urls, boolean startTls) {
        return startTls
                || (!urls.isEmpty() && "ldaps".equalsIgnoreCase(urls.getFirst().getScheme()));
    }

    private static String dn(String property, String value) {
        try {
            return new DN(value).toString();
        } catch (LDAPException e) {
            throw invalid(property, "must be a DN such as DC=corp,DC=example,DC=com; was '" + value + "'");
        }
    }

    private static void positive(String property, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(property, "must be positive; was " + value);
        }
    }

    private static IllegalArgumentException invalid(String property, String problem) {
        String key = PREFIX + "." + property;
        return new IllegalArgumentException(
                key + " " + problem + " (environment " + ConnectorErrors.environmentName(key) + ")");
    }

    /** Never shows the passwords. */
    @Override
    public String toString() {
        return "ActiveDirectoryProperties[url=" + url + ", startTls=" + startTls + ", bindDn=" + bindDn + ", " + auth
                + ", truststore=" + truststore + ", truststorePassword="
                + (truststorePassword == null ? "unset" : "***") + ", baseDn=" + baseDn + ", pageSize=" + pageSize
                + ", pageCap=" + pageCap + ", connectTimeout=" + connectTimeout + ", responseTimeout="
                + responseTimeout + ", poolSize=" + poolSize + ", healthCheckInterval=" + healthCheckInterval + "]";
    }
}
