package dev.connectorjobs.testing.directory;

import static dev.connectorjobs.testing.directory.ActiveDirectoryEntries.DOMAIN;

import com.unboundid.asn1.ASN1OctetString;
import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.InMemoryRequestHandler;
import com.unboundid.ldap.listener.InMemorySASLBindHandler;
import com.unboundid.ldap.listener.LDAPListenerClientConnection;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSASLBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSearchRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedSimpleBindResult;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.BindResult;
import com.unboundid.ldap.sdk.Control;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.OperationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchRequest;
import com.unboundid.ldap.sdk.controls.SimplePagedResultsControl;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFException;
import com.unboundid.util.ssl.SSLUtil;
import com.unboundid.util.ssl.TrustAllTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * The UnboundID LDAP SDK's in-memory directory server (a real LDAP server on a loopback port) shaped
 * as an Active Directory domain controller of {@code corp.example.com}, for the {@code
 * active_directory} connector's tests:
 *
 * <ul>
 *   <li>AD's schema for the attributes read ({@code active-directory-schema.ldif}), with schema
 *       checking on, so entries are what AD would hold;
 *   <li>a root DSE with {@code defaultNamingContext}, {@code dnsHostName}, {@code
 *       rootDomainNamingContext} and {@code domainControllerFunctionality} besides the server's own
 *       {@code supportedControl} (which includes simple paged results);
 *   <li>AD's {@code objectCategory} shorthand: {@code (objectCategory=computer)} finds entries whose
 *       category is {@code CN=Computer,CN=Schema,CN=Configuration,...}, as AD resolves it;
 *   <li>AD's {@code invalidCredentials} diagnostic ({@code ... AcceptSecurityContext error, data 52e,
 *       ...});
 *   <li>searches only after a bind, as AD allows them;
 *   <li>LDAPS, StartTLS and client certificates (SASL EXTERNAL mapped to the service account) when
 *       built so.
 * </ul>
 *
 * It records the page size of every paged search it is asked, can fail or slow down searches, and
 * holds a service account {@link #BIND_DN} with {@link #PASSWORD} plus the entries a test adds.
 */
public final class InMemoryActiveDirectory implements AutoCloseable {

    public static final String BIND_DN = "CN=svc-inventory," + ActiveDirectoryEntries.SERVICE_ACCOUNTS;
    public static final String PASSWORD = "Sv3-Inventory!2026";
    public static final String DNS_HOST_NAME = "dc1.corp.example.com";

    /** What AD says for a wrong password. */
    public static final String BAD_PASSWORD_DIAGNOSTIC =
            "80090308: LdapErr: DSID-0C09044E, comment: AcceptSecurityContext error, data 52e, v4563";

    /** The properties prefix of the connector this server is for. */
    public static final String PREFIX = "jobs.connectors.active-directory";

    private static final Map<String, String> CATEGORIES = Map.of(
            "computer", "Computer",
            "person", "Person",
            "user", "Person",
            "contact", "Person",
            "group", "Group",
            "organizationalunit", "Organizational-Unit");

    private final InMemoryDirectoryServer server;
    private final String scheme;
    private final List<Integer> pageSizes = new CopyOnWriteArrayList<>();
    private final AtomicInteger binds = new AtomicInteger();
    private volatile @Nullable ResultCode failSearches;
    private volatile Duration searchDelay = Duration.ZERO;

    private InMemoryActiveDirectory(Builder builder) {
        this.scheme = builder.ldaps ? "ldaps" : "ldap";
        try {
            InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(DOMAIN);
            config.setSchema(schema());
            config.setListenerConfigs(listener(builder));
            config.setAuthenticationRequiredOperationTypes(EnumSet.of(
                    OperationType.SEARCH,
                    OperationType.COMPARE,
                    OperationType.ADD,
                    OperationType.DELETE,
                    OperationType.MODIFY,
                    OperationType.MODIFY_DN));
            config.setCustomRootDSEAttributes(List.of(
                    new Attribute("defaultNamingContext", DOMAIN),
                    new Attribute("rootDomainNamingContext", DOMAIN),
                    new Attribute("dnsHostName", DNS_HOST_NAME),
                    new Attribute("domainControllerFunctionality", "7")));
            config.addInMemoryOperationInterceptor(new ActiveDirectoryBehaviour());
            TestCertificate client = builder.clientCertificate;
            if (client != null) {
                config.addSASLBindHandler(new CertificateBinds(client.subject()));
            }
            server = new InMemoryDirectoryServer(config);
            server.add(ActiveDirectoryEntries.domain());
            for (String ou : List.of(
                    ActiveDirectoryEntries.WORKSTATIONS,
                    ActiveDirectoryEntries.SERVERS,
                    ActiveDirectoryEntries.PEOPLE,
                    ActiveDirectoryEntries.SERVICE_ACCOUNTS)) {
                server.add(ActiveDirectoryEntries.organizationalUnit(ou));
            }
            server.add(ActiveDirectoryEntries.serviceAccount(BIND_DN, PASSWORD));
            server.startListening();
        } catch (LDAPException e) {
            throw new IllegalStateException("the in-memory directory did not start: " + e.getMessage(), e);
        }
    }

    /** A plain LDAP directory ({@code ldap://}), started. */
    public static InMemoryActiveDirectory start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How the directory listens. */
    public static final class Builder {

        private boolean ldaps;
        private @Nullable TestCertificate certificate;
        private @Nullable TestCertificate clientCertificate;

        private Builder() {}

        /** Listens for LDAPS with {@code certificate}. */
        public Builder ldaps(TestCertificate certificate) {
            this.ldaps = true;
            this.certificate = certificate;
            return this;
        }

        /** Listens for plain LDAP and offers StartTLS with {@code certificate}. */
        public Builder startTls(TestCertificate certificate) {
            this.certificate = certificate;
            return this;
        }

        /**
         * Requires TLS clients to present {@code certificate} and binds them with SASL EXTERNAL as the
         * service account (AD maps a client certificate to an account).
         */
        public Builder requireClientCertificate(TestCertificate certificate) {
            this.clientCertificate = certificate;
            return this;
        }

        public InMemoryActiveDirectory start() {
            return new InMemoryActiveDirectory(this);
        }
    }

    /** {@code ldap://127.0.0.1:<port>} (or {@code ldaps://}). */
    public String url() {
        return scheme + "://127.0.0.1:" + port();
    }

    public int port() {
        return server.getListenPort();
    }

    /**
     * The connector's properties for this directory: {@code url}, {@code bind-dn}, {@code
     * auth.password} and {@code base-dn} (the domain), by their full names.
     */
    public Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(PREFIX + ".url", url());
        properties.put(PREFIX + ".bind-dn", BIND_DN);
        properties.put(PREFIX + ".auth.password", PASSWORD);
        properties.put(PREFIX + ".base-dn", DOMAIN);
        return properties;
    }

    /** Adds computers {@code 1} to {@code count} ({@link ActiveDirectoryEntries#computer}). */
    public InMemoryActiveDirectory addComputers(int count) {
        return addComputers(1, count);
    }

    /** Adds computers {@code from} to {@code to}, in batches (a 20,000-computer domain takes a few seconds). */
    public InMemoryActiveDirectory addComputers(int from, int to) {
        for (int start = from; start <= to; start += 1000) {
            int end = Math.min(to, start + 999);
            add(IntStream.rangeClosed(start, end)
                    .mapToObj(ActiveDirectoryEntries::computer)
                    .toList());
        }
        return this;
    }

    /** Adds users {@code 1} to {@code count} ({@link ActiveDirectoryEntries#user}). */
    public InMemoryActiveDirectory addUsers(int count) {
        add(IntStream.rangeClosed(1, count)
                .mapToObj(ActiveDirectoryEntries::user)
                .toList());
        return this;
    }

    /** Adds {@code entries}, checked against the schema. */
    public InMemoryActiveDirectory add(List<Entry> entries) {
        try {
            server.addEntries(entries);
        } catch (LDAPException e) {
            throw new IllegalStateException("the in-memory directory refused an entry: " + e.getMessage(), e);
        }
        return this;
    }

    /** The page size of every paged search asked so far (the size-0 request that ends one early included). */
    public List<Integer> pageSizes() {
        return List.copyOf(pageSizes);
    }

    /** How many binds (simple or SASL) clients sent. */
    public int binds() {
        return binds.get();
    }

    /** Forgets the page sizes and binds seen, and answers every search again at once. */
    public void reset() {
        pageSizes.clear();
        binds.set(0);
        failSearches = null;
        searchDelay = Duration.ZERO;
    }

    /** Fails every search from now on with {@code code} (null: answer them again). */
    public void failSearches(@Nullable ResultCode code) {
        this.failSearches = code;
    }

    /** Makes every search wait {@code delay} before it is answered. */
    public void delaySearches(Duration delay) {
        this.searchDelay = delay;
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        server.shutDown(true);
    }

    private static Schema schema() {
        try (InputStream ldif = InMemoryActiveDirectory.class.getResourceAsStream("active-directory-schema.ldif")) {
            Schema extension = Schema.getSchema(Objects.requireNonNull(ldif, "active-directory-schema.ldif"));
            return Objects.requireNonNull(
                    Schema.mergeSchemas(Schema.getDefaultStandardSchema(), Objects.requireNonNull(extension)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (LDIFException | LDAPException e) {
            throw new IllegalStateException("the Active Directory schema does not load: " + e.getMessage(), e);
        }
    }

    private static InMemoryListenerConfig listener(Builder builder) throws LDAPException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        TestCertificate certificate = builder.certificate;
        if (certificate == null) {
            return new InMemoryListenerConfig("ldap", loopback, 0, null, null, null, false, false);
        }
        TestCertificate client = builder.clientCertificate;
        SSLUtil tls = new SSLUtil(
                certificate.keyManagers(),
                client == null ? new TrustAllTrustManager[] {new TrustAllTrustManager()} : client.trustManagers());
        boolean clientCertificates = client != null;
        try {
            if (builder.ldaps) {
                return new InMemoryListenerConfig(
                        "ldaps",
                        loopback,
                        0,
                        tls.createSSLServerSocketFactory(),
                        new SSLUtil(new TrustAllTrustManager()).createSSLSocketFactory(),
                        null,
                        clientCertificates,
                        clientCertificates);
            }
            return new InMemoryListenerConfig(
                    "ldap",
                    loopback,
                    0,
                    null,
                    null,
                    tls.createSSLSocketFactory(),
                    clientCertificates,
                    clientCertificates);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS for the in-memory directory: " + e.getMessage(), e);
        }
    }

    /** The category DN AD resolves a class name in an {@code objectCategory} filter to. */
    private static Filter categories(Filter filter) {
        return switch (filter.getFilterType()) {
            case Filter.FILTER_TYPE_AND ->
                Filter.createANDFilter(List.of(filter.getComponents()).stream()
                        .map(InMemoryActiveDirectory::categories)
                        .toList());
            case Filter.FILTER_TYPE_OR ->
                Filter.createORFilter(List.of(filter.getComponents()).stream()
                        .map(InMemoryActiveDirectory::categories)
                        .toList());
            case Filter.FILTER_TYPE_NOT ->
                Filter.createNOTFilter(categories(Objects.requireNonNull(filter.getNOTComponent())));
            case Filter.FILTER_TYPE_EQUALITY -> {
                String attribute = Objects.requireNonNull(filter.getAttributeName());
                String value = Objects.requireNonNull(filter.getAssertionValue());
                String category = CATEGORIES.get(value.toLowerCase(Locale.ROOT));
                yield attribute.equalsIgnoreCase("objectCategory") && category != null
                        ? Filter.createEqualityFilter(
                                attribute, "CN=" + category + ",CN=Schema,CN=Configuration," + DOMAIN)
                        : filter;
            }
            default -> filter;
        };
    }

    /** What makes the in-memory server answer like AD, and what the tests observe and inject. */
    private final class ActiveDirectoryBehaviour extends InMemoryOperationInterceptor {

        @Override
        public void processSearchRequest(InMemoryInterceptedSearchRequest request) throws LDAPException {
            SearchRequest search = request.getRequest().duplicate();
            Control paged = search.getControl(SimplePagedResultsControl.PAGED_RESULTS_OID);
            if (paged != null) {
                pageSizes.add(
                        new SimplePagedResultsControl(paged.getOID(), paged.isCritical(), paged.getValue()).getSize());
            }
            ResultCode failure = failSearches;
            if (failure != null && !search.getBaseDN().isEmpty()) {
                throw new LDAPException(failure, "the test made this domain controller answer " + failure.getName());
            }
            Duration delay = searchDelay;
            if (!delay.isZero() && !search.getBaseDN().isEmpty()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            search.setFilter(categories(search.getFilter()));
            request.setRequest(search);
        }

        @Override
        public void processSimpleBindRequest(InMemoryInterceptedSimpleBindRequest request) {
            binds.incrementAndGet();
        }

        @Override
        public void processSASLBindRequest(InMemoryInterceptedSASLBindRequest request) {
            binds.incrementAndGet();
        }

        @Override
        public void processSimpleBindResult(InMemoryInterceptedSimpleBindResult result) {
            BindResult answer = result.getResult();
            if (answer != null && ResultCode.INVALID_CREDENTIALS.equals(answer.getResultCode())) {
                result.setResult(new BindResult(
                        result.getMessageID(),
                        ResultCode.INVALID_CREDENTIALS,
                        BAD_PASSWORD_DIAGNOSTIC,
                        null,
                        null,
                        null));
            }
        }
    }

    /** SASL EXTERNAL: the client certificate with subject {@code subject} is the service account. */
    private static final class CertificateBinds extends InMemorySASLBindHandler {

        private final String subject;

        CertificateBinds(String subject) {
            this.subject = subject;
        }

        @Override
        public String getSASLMechanismName() {
            return "EXTERNAL";
        }

        @Override
        public BindResult processSASLBind(
                InMemoryRequestHandler handler,
                int messageID,
                DN bindDN,
                @Nullable ASN1OctetString credentials,
                List<Control> controls) {
            LDAPListenerClientConnection connection = handler.getClientConnection();
            Socket socket = connection == null ? null : connection.getSocket();
            if (socket instanceof SSLSocket tls) {
                try {
                    Certificate[] chain = tls.getSession().getPeerCertificates();
                    String presented = ((X509Certificate) chain[0])
                            .getSubjectX500Principal()
                            .getName();
                    if (DN.equals(presented, subject)) {
                        handler.setAuthenticatedDN(new DN(BIND_DN));
                        return new BindResult(messageID, ResultCode.SUCCESS, null, null, null, null);
                    }
                } catch (SSLPeerUnverifiedException | LDAPException e) {
                    // no certificate, or one that maps to no account
                }
            }
            return new BindResult(
                    messageID,
                    ResultCode.INVALID_CREDENTIALS,
                    "8009030C: LdapErr: DSID-0C090569, comment: AcceptSecurityContext error, data 52e, v4563",
                    null,
                    null,
                    null);
        }
    }
}
