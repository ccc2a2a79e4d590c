package dev.connectorjobs.worker.connector.elastic;

import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.connector.kit.FailureHook;
import dev.connectorjobs.worker.connector.kit.Masking;
import dev.connectorjobs.worker.connector.kit.VendorAuth;
import dev.connectorjobs.worker.http.HttpResult;
import java.util.Optional;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Elasticsearch's reading of failed answers. Its error body is {@code {"error": {"root_cause":
 * [{"type", "reason"}], "type", "reason", "caused_by"}, "status"}}, which the kit's defaults do not
 * quote, so every failure here carries {@code type: reason} (and the root cause when it differs), with
 * the credentials masked:
 *
 * <ul>
 *   <li>a 404 whose cause is {@code search_context_missing_exception}: the search's point in time
 *       expired between two pages; retryable {@code PointInTimeExpired}, since another attempt opens
 *       a new one;
 *   <li>401 permanent {@code AuthenticationFailed} naming the auth properties; 403 permanent {@code
 *       AccessDenied} naming the privileges each operation needs; 404 permanent {@code NotFound} (an
 *       index that does not exist); 400, 409 and 422 permanent {@code InvalidRequest} (a query the
 *       cluster cannot parse); 413 permanent {@code RequestTooLarge} naming {@code bulk-max-bytes};
 *   <li>408, 429 ({@code es_rejected_execution_exception}, {@code circuit_breaking_exception}) and 5xx
 *       as the kit classifies them, retryable, with the reason added.
 * </ul>
 */
final class ElasticFailures implements FailureHook {

    static final String EXPIRED_CONTEXT = "search_context_missing_exception";

    private static final int MAX_REASON = 300;

    private final ObjectMapper mapper;
    private final VendorAuth auth;
    private final String keepAlive;

    ElasticFailures(ObjectMapper mapper, VendorAuth auth, String keepAlive) {
        this.mapper = mapper;
        this.auth = auth;
        this.keepAlive = keepAlive;
    }

    @Override
    public Optional<ConnectorException> failure(int status, String request, String explanation, HttpResult result) {
        JsonNode error = error(result);
        String because = because(error);
        return switch (status) {
            case 401 ->
                Optional.of(ConnectorException.permanent(
                        "AuthenticationFailed",
                        request + because + "; Elasticsearch refused the credentials: check "
                                + ElasticProperties.PREFIX + ".auth.api-key (or auth.username and auth.password, or"
                                + " auth.token)",
                        status));
            case 403 ->
                Optional.of(ConnectorException.permanent(
                        "AccessDenied",
                        request + because + "; grant the configured credentials the privilege: monitor on the"
                                + " cluster for test_connection, read on the indices for search, create_doc (or"
                                + " index) for bulk_index",
                        status));
            case 404 ->
                Optional.of(
                        expired(error)
                                ? ConnectorException.retryable(
                                        "PointInTimeExpired",
                                        request + because + "; the search's point in time expired between two"
                                                + " pages (keep_alive " + keepAlive + "); another attempt opens a"
                                                + " new one. If it recurs, raise " + ElasticProperties.PREFIX
                                                + ".pit-keep-alive or lower .page-size",
                                        null,
                                        status)
                                : ConnectorException.permanent("NotFound", request + because, status));
            case 400, 409, 422 ->
                Optional.of(ConnectorException.permanent("InvalidRequest", request + because, status));
            case 413 ->
                Optional.of(ConnectorException.permanent(
                        "RequestTooLarge",
                        request + because + "; the cluster refused a request this large (http.max_content_length):"
                                + " lower " + ElasticProperties.PREFIX + ".bulk-max-bytes",
                        status));
            default -> Optional.empty();
        };
    }

    @Override
    public ConnectorException adjust(ConnectorException standard, String explanation, HttpResult result) {
        String because = because(error(result));
        if (because.isEmpty()) {
            return standard;
        }
        String message = standard.getMessage() + because;
        Integer status = standard.httpStatus().orElse(null);
        return standard.isRetryable()
                ? ConnectorException.retryable(
                        standard.errorType(), message, standard.retryAfter().orElse(null), status)
                : ConnectorException.permanent(standard.errorType(), message, status);
    }

    /** {@code error} of the body, or a missing node. */
    private JsonNode error(HttpResult result) {
        if (result.bodyLength() == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode body = mapper.readTree(result.body());
            return body == null ? MissingNode.getInstance() : body.path("error");
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    /** {@code ": type: reason"}, or empty when the body holds no error. */
    private String because(JsonNode error) {
        String text = describe(error);
        return text.isEmpty() ? "" : ": " + Masking.mask(text, auth.secrets());
    }

    /**
     * Elasticsearch's words about {@code error} (an {@code error} object, or an item's): {@code type:
     * reason}, and {@code (caused by type: reason)} for a root cause of another type; shortened. Not
     * masked.
     */
    static String describe(JsonNode error) {
        if (error.isString()) {
            return shorten(error.stringValue());
        }
        if (!error.isObject()) {
            return "";
        }
        String text = typeAndReason(error);
        JsonNode root = error.path("root_cause").path(0);
        if (!root.isObject()) {
            root = error.path("caused_by");
        }
        if (root.isObject()
                && !root.path("type").asString("").equals(error.path("type").asString(""))) {
            text += " (caused by " + typeAndReason(root) + ")";
        }
        return shorten(text);
    }

    private static String typeAndReason(JsonNode error) {
        String type = error.path("type").asString("");
        String reason = error.path("reason").asString("");
        return type.isEmpty() ? reason : reason.isEmpty() ? type : type + ": " + reason;
    }

    private static String shorten(String text) {
        return text.length() > MAX_REASON ? text.substring(0, MAX_REASON) + "..." : text;
    }

    /** Whether {@code error} says a search context (a point in time) is gone. */
    static boolean expired(JsonNode error) {
        return EXPIRED_CONTEXT.equals(error.path("type").asString(""))
                || EXPIRED_CONTEXT.equals(error.path("caused_by").path("type").asString(""))
                || StreamSupport.stream(error.path("root_cause").spliterator(), false)
                        .anyMatch(cause ->
                                EXPIRED_CONTEXT.equals(cause.path("type").asString("")));
    }
}
