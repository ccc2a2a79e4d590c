package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.attempt.JobContext;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.hc.core5.net.URIBuilder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * One configured vendor account, spoken to as JSON through the resilient HTTP client (retries,
 * breaker, cancellation): joins paths to the base URL, follows vendor links only to the same
 * origin, authenticates every request with a {@link VendorAuth}, reads answers as JSON, and turns
 * failures into {@link ConnectorException}s that name the connector, say what to do and never show
 * a secret.
 *
 * <p>How answers become failures, unless the request {@linkplain VendorRequest#handling handles} the
 * status itself or the vendor's {@link FailureHook} says otherwise:
 *
 * <ul>
 *   <li>401: the credential is renewed once when it can be (an OAuth token) and the request sent
 *       again; otherwise permanent {@code AuthenticationFailed}. Not a breaker failure: the vendor is
 *       healthy, the configuration is wrong.
 *   <li>403: permanent {@code AccessDenied}; 404: permanent {@code NotFound}; 400, 409 and 422:
 *       permanent {@code InvalidRequest}, each with the vendor's own explanation.
 *   <li>408, 429 and 5xx: retryable, carrying {@code Retry-After} (the HTTP client has already retried
 *       them within its budget). A 429 whose wait the client would not take is waited out here when
 *       {@link Builder#throttleWaits} allows, and the same request is sent again.
 * </ul>
 */
public final class VendorApi {

    private static final Logger log = LoggerFactory.getLogger(VendorApi.class);

    /** Consecutive 429s one request waits out before it gives up; each waits its own Retry-After. */
    static final int MAX_THROTTLE_WAITS = 10;

    private final ConnectorDescriptor connector;
    private final ServiceHttpClient client;
    private final ObjectMapper mapper;
    private final URI base;
    private final String basePath;
    private final VendorAuth auth;
    private final VendorFailures failures;
    private final Duration maxThrottleWait;
    private final Clock clock;
    private final List<String> extraSecrets;

    private VendorApi(Builder b) {
        this.connector = b.connector;
        this.client = b.client;
        this.mapper = b.mapper;
        this.base = b.baseUrl;
        String path = b.baseUrl.getRawPath() == null ? "" : b.baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.auth = Objects.requireNonNull(b.auth, "auth");
        this.maxThrottleWait = b.maxThrottleWait;
        this.clock = b.clock;
        this.extraSecrets = List.copyOf(b.secrets);
        this.failures = new VendorFailures(connector, client, mapper, b.hook, this::mask);
    }

    /**
     * A vendor API for {@code connector} at {@code baseUrl} (scheme, host, optional port and path,
     * e.g. {@code https://graph.microsoft.com/v1.0}), through {@code client}.
     */
    public static Builder builder(
            ConnectorDescriptor connector, ServiceHttpClient client, ObjectMapper mapper, URI baseUrl) {
        return new Builder(connector, client, mapper, baseUrl);
    }

    /** The connector's name. */
    public String connector() {
        return connector.name();
    }

    /** The strategy that authenticates requests. */
    public VendorAuth auth() {
        return auth;
    }

    /** Sends {@code request} for {@code job}; a 2xx answer, or one the request handles itself. */
    public VendorResponse send(VendorRequest request, JobContext job) {
        return send(request, job, true);
    }

    /**
     * Sends {@code request} like {@link #send} but leaves the body unread: the response's {@code body}
     * is a missing node and {@code result().body()} holds the bytes, for a caller that streams a large
     * page record by record instead of holding it twice (as bytes and as a tree).
     */
    public VendorResponse exchange(VendorRequest request, JobContext job) {
        return send(request, job, false);
    }

    private VendorResponse send(VendorRequest request, JobContext job, boolean parse) {
        boolean renewed = false;
        for (int waits = 0; ; ) {
            Map<String, String> credentials = auth.headers(job);
            HttpCall call = call(request, credentials);
            HttpResult result = client.exchange(call, job);
            int status = result.status();
            if (result.isSuccess() || request.handles(status)) {
                JsonNode body = parse ? json(call, result) : MissingNode.getInstance();
                return new VendorResponse(connector.name(), call.describe(), status, body, result);
            }
            if (status == 401 && !renewed && auth.renewAfterRejection(credentials)) {
                renewed = true;
                log.info("connector={} event=credential_renewed request=\"{}\"", connector.name(), call.describe());
                continue;
            }
            ConnectorException failure = failures.failure(call, result);
            Optional<Duration> wait = throttleWait(status, failure, waits, job);
            if (wait.isEmpty()) {
                throw failure;
            }
            waits++;
            log.info(
                    "connector={} event=throttled request=\"{}\" wait_s={}",
                    connector.name(),
                    call.describe(),
                    wait.get().toSeconds());
            job.cancellation().sleep(wait.get());
        }
    }

    /** {@code GET path?name=value&...} ({@code query} alternates names and values). */
    public VendorResponse get(String path, JobContext job, String... query) {
        VendorRequest request = VendorRequest.get(path);
        for (int i = 0; i + 1 < query.length; i += 2) {
            request = request.addQuery(query[i], query[i + 1]);
        }
        return send(request, job);
    }

    /** The absolute URI {@code request} goes to. */
    public URI resolve(VendorRequest request) {
        URI uri;
        try {
            if (request.isLink()) {
                uri = base.resolve(new URI(request.target()));
                if (!sameOrigin(uri)) {
                    throw ConnectorErrors.malformed(
                            connector.name(),
                            request.toString(),
                            "a link points to another host (" + uri.getHost() + ") than the configured "
                                    + base.getHost() + "; it is not followed, so credentials stay with that host");
                }
            } else {
                uri = new URI(base.getScheme() + "://" + base.getRawAuthority() + basePath + request.target());
            }
            if (request.query().isEmpty()) {
                return uri;
            }
            URIBuilder builder = new URIBuilder(uri);
            request.query().forEach(q -> builder.addParameter(q.getKey(), q.getValue()));
            return builder.build();
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw ConnectorErrors.malformed(connector.name(), request.toString(), "not a valid URL: " + request);
        }
    }

    /**
     * Whether {@code uri} goes to the configured origin (scheme, host and port), so that credentials
     * may go with it: for a caller that falls back to other paging instead of failing on a foreign link.
     */
    public boolean isSameOrigin(URI uri) {
        return sameOrigin(uri) && uri.getRawUserInfo() == null;
    }

    private boolean sameOrigin(URI uri) {
        return uri.getScheme() != null
                && uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(base.getHost())
                && port(uri) == port(base);
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private HttpCall call(VendorRequest request, Map<String, String> credentials) {
        HttpCall.Builder call = HttpCall.request(request.method(), resolve(request));
        credentials.forEach(call::header);
        call.header("Accept", "application/json");
        request.headers().forEach(h -> call.header(h.getKey(), h.getValue()));
        request.idempotencyKey().ifPresent(call::idempotencyKey);
        Object body = request.body();
        Optional<VendorRequest.Content> content = request.content();
        if (content.isPresent()) {
            call.body(content.get().bytes(), content.get().contentType());
        } else if (body != null) {
            call.body(mapper.writeValueAsBytes(body), "application/json");
        } else if (!"GET".equals(request.method()) && !"DELETE".equals(request.method())) {
            call.body(new byte[0], "application/json");
        }
        return call.build();
    }

    private JsonNode json(HttpCall call, HttpResult result) {
        if (result.bodyLength() == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode body = mapper.readTree(result.body());
            return body == null ? MissingNode.getInstance() : body;
        } catch (JacksonException e) {
            throw ConnectorErrors.malformed(connector.name(), call.describe(), "the body is not JSON");
        }
    }

    private Optional<Duration> throttleWait(int status, ConnectorException failure, int waits, JobContext job) {
        if (status != 429 || waits >= MAX_THROTTLE_WAITS || maxThrottleWait.isZero()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return failure.retryAfter()
                .filter(wait -> wait.compareTo(maxThrottleWait) <= 0)
                .filter(wait -> !now.plus(wait).isAfter(job.deadline()));
    }

    /** {@code text} with every secret of this API masked. */
    public String mask(String text) {
        List<String> secrets = new ArrayList<>(auth.secrets());
        secrets.addAll(extraSecrets);
        return Masking.mask(text, secrets);
    }

    /** Builds a {@link VendorApi}. */
    public static final class Builder {

        private final ConnectorDescriptor connector;
        private final ServiceHttpClient client;
        private final ObjectMapper mapper;
        private final URI baseUrl;
        private @Nullable VendorAuth auth;
        private FailureHook hook = (status, request, explanation, result) -> Optional.empty();
        private Duration maxThrottleWait = Duration.ZERO;
        private Clock clock = Clock.systemUTC();
        private final List<String> secrets = new ArrayList<>();

        private Builder(ConnectorDescriptor connector, ServiceHttpClient client, ObjectMapper mapper, URI baseUrl) {
            this.connector = connector;
            this.client = client;
            this.mapper = mapper;
            this.baseUrl = baseUrl;
        }

        /** How requests are authenticated (required). */
        public Builder auth(VendorAuth auth) {
            this.auth = auth;
            return this;
        }

        /** The vendor's own reading of failures. */
        public Builder failures(FailureHook hook) {
            this.hook = hook;
            return this;
        }

        /**
         * Lets a 429 whose {@code Retry-After} is at most {@code maxWait} (and within the job's time
         * limit) be waited out here and the same request sent again, up to {@value #MAX_THROTTLE_WAITS}
         * times: a long inventory survives per-minute or per-hour limits without starting over. A 429
         * means the vendor refused the request unprocessed, so repeating it is safe even for a POST.
         */
        public Builder throttleWaits(Duration maxWait, Clock clock) {
            this.maxThrottleWait = maxWait;
            this.clock = clock;
            return this;
        }

        /** More secrets to mask in messages (those of the auth strategy are masked anyway). */
        public Builder secrets(String... more) {
            secrets.addAll(List.of(more));
            return this;
        }

        public VendorApi build() {
            return new VendorApi(this);
        }
    }
}
