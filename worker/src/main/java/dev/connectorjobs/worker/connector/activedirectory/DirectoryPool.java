package dev.connectorjobs.worker.connector.activedirectory;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.EXTERNALBindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.GetEntryLDAPConnectionPoolHealthCheck;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.ServerSet;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.SingleServerSet;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.SSLSocketVerifier;
import com.unboundid.util.ssl.SSLUtil;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LDAP connection pool of the configured directory: created on the first job that needs it (so
 * a worker starts, and runs its other connectors, while the directory is down), health-checked, and
 * closed with the worker. Until it exists, every job tries to create it; a pool that could not be
 * created is not kept.
 *
 * <p>Connections go to the configured URLs in order (failover), are upgraded with StartTLS when
 * configured, verify the server certificate's host name, and are bound as the configured account.
 * A connection is checked (a root DSE read) when a job takes it and while idle, so a connection a
 * domain controller dropped is replaced rather than handed out.
 */
final class DirectoryPool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DirectoryPool.class);

    private final ActiveDirectoryProperties properties;
    private final ServerSet servers;
    private final BindRequest bind;
    private final @Nullable PostConnectProcessor startTls;
    private @Nullable LDAPConnectionPool pool;
    private boolean closed;

    /**
     * @param tls the TLS settings, null when connections are plain LDAP
     * @throws GeneralSecurityException when no TLS context can be made from {@code tls}
     */
    DirectoryPool(ActiveDirectoryProperties properties, @Nullable SSLUtil tls) throws GeneralSecurityException {
        this.properties = properties;
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(Math.toIntExact(
                Math.min(Integer.MAX_VALUE, properties.connectTimeout().toMillis())));
        options.setResponseTimeoutMillis(properties.responseTimeout().toMillis());
        options.setAbandonOnTimeout(true);
        options.setSSLSocketVerifier(new HostNames());
        boolean ldaps = properties.ldaps();
        SSLSocketFactory sockets = tls == null ? null : tls.createSSLSocketFactory();
        SocketFactory connect = ldaps ? Objects.requireNonNull(sockets, "ldaps needs TLS settings") : null;
        this.servers = servers(properties.url(), ldaps, connect, options);
        this.startTls = properties.startTls()
                ? new StartTLSPostConnectProcessor(Objects.requireNonNull(sockets, "StartTLS needs TLS settings"))
                : null;
        this.bind = properties.certificateBind()
                ? new EXTERNALBindRequest()
                : new SimpleBindRequest(
                        Objects.requireNonNull(properties.bindDn(), "bind-dn"),
                        Objects.requireNonNull(properties.auth().password(), "auth.password"));
        if (!properties.tls()) {
            log.warn(
                    "connector={} event=plaintext_bind; the password of {} crosses the network unencrypted over"
                            + " ldap://: use ldaps:// URLs or set {}.start-tls=true",
                    ActiveDirectoryConnector.CONNECTOR.name(),
                    properties.bindDn(),
                    ActiveDirectoryProperties.PREFIX);
        }
    }

    /** The configured servers, for messages: {@code ldaps://dc1.corp.example.com:636, ...}. */
    String describe() {
        return String.join(
                ", ", properties.url().stream().map(DirectoryPool::address).toList());
    }

    /** How the connector authenticates, for messages. */
    String identity() {
        return properties.certificateBind() ? "the client certificate of auth.keystore" : "" + properties.bindDn();
    }

    /**
     * A connection, bound and checked, from the pool (created now if it is not yet).
     *
     * @throws LDAPException when no configured server can be reached, or the bind fails
     */
    LDAPConnection take() throws LDAPException {
        return pool().getConnection();
    }

    /** Gives back {@code connection} after use; one that was closed is replaced. */
    void release(LDAPConnection connection) {
        LDAPConnectionPool current = current();
        if (current == null) {
            connection.close();
        } else if (connection.isConnected()) {
            current.releaseConnection(connection);
        } else {
            current.releaseDefunctConnection(connection);
        }
    }

    /** Gives back {@code connection} after {@code failure}; the pool keeps it only if it still works. */
    void release(LDAPConnection connection, LDAPException failure) {
        LDAPConnectionPool current = current();
        if (current == null) {
            connection.close();
        } else if (connection.isConnected()) {
            current.releaseConnectionAfterException(connection, failure);
        } else {
            current.releaseDefunctConnection(connection);
        }
    }

    /** Closes every connection; no pool is created afterwards. */
    @Override
    public synchronized void close() {
        closed = true;
        if (pool != null) {
            pool.close();
            pool = null;
            log.info("connector={} event=pool_closed", ActiveDirectoryConnector.CONNECTOR.name());
        }
    }

    /** Whether {@link #close()} was called. */
    synchronized boolean closed() {
        return closed;
    }

    private synchronized @Nullable LDAPConnectionPool current() {
        return pool;
    }

    private synchronized LDAPConnectionPool pool() throws LDAPException {
        if (closed) {
            throw new LDAPException(ResultCode.CONNECT_ERROR, "the worker is shutting down");
        }
        LDAPConnectionPool existing = pool;
        if (existing != null) {
            return existing;
        }
        long timeout = properties.responseTimeout().toMillis();
        GetEntryLDAPConnectionPoolHealthCheck check =
                new GetEntryLDAPConnectionPoolHealthCheck("", timeout, false, false, true, false, true, true);
        LDAPConnectionPool created =
                new LDAPConnectionPool(servers, bind, 1, properties.poolSize(), 1, startTls, true, check);
        created.setConnectionPoolName(ActiveDirectoryConnector.CONNECTOR.name());
        created.setHealthCheckIntervalMillis(properties.healthCheckInterval().toMillis());
        pool = created;
        log.info(
                "connector={} event=pool_created servers=\"{}\" max_connections={}",
                ActiveDirectoryConnector.CONNECTOR.name(),
                describe(),
                properties.poolSize());
        return created;
    }

    private static ServerSet servers(
            List<URI> urls, boolean ldaps, @Nullable SocketFactory sockets, LDAPConnectionOptions options) {
        String[] hosts = urls.stream().map(URI::getHost).toArray(String[]::new);
        int[] ports = urls.stream().mapToInt(url -> port(url, ldaps)).toArray();
        if (hosts.length == 1) {
            return new SingleServerSet(hosts[0], ports[0], sockets, options);
        }
        return new FailoverServerSet(hosts, ports, sockets, options);
    }

    private static int port(URI url, boolean ldaps) {
        if (url.getPort() >= 0) {
            return url.getPort();
        }
        return ldaps ? 636 : 389;
    }

    private static String address(URI url) {
        boolean ldaps = "ldaps".equalsIgnoreCase(url.getScheme());
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost() + ":" + port(url, ldaps);
    }

    /**
     * Verifies that the server certificate names the host connected to (wildcards allowed), and says
     * so with a {@link CertificateException} as the cause, which {@link DirectoryFailures} reads as a
     * TLS failure rather than an unreachable server.
     */
    private static final class HostNames extends SSLSocketVerifier {

        private final HostNameSSLSocketVerifier delegate = new HostNameSSLSocketVerifier(true);

        @Override
        public void verifySSLSocket(String host, int port, SSLSocket socket) throws LDAPException {
            try {
                delegate.verifySSLSocket(host, port, socket);
            } catch (LDAPException e) {
                String message = String.valueOf(e.getMessage());
                throw new LDAPException(ResultCode.CONNECT_ERROR, message, new CertificateException(message, e));
            }
        }
    }
}
