package dev.connectorjobs.worker.connector.kit;

import dev.connectorjobs.model.catalog.ConnectorDescriptor;
import dev.connectorjobs.worker.attempt.ConnectorException;
import dev.connectorjobs.worker.http.HttpCall;
import dev.connectorjobs.worker.http.HttpResult;
import dev.connectorjobs.worker.http.ServiceHttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * How {@link VendorApi} turns a failed answer into a {@link ConnectorException}: the vendor's
 * {@link FailureHook} first, then the defaults (401 {@code AuthenticationFailed}, 403 {@code
 * AccessDenied}, 404 {@code NotFound}, 400/409/422 {@code InvalidRequest}, each permanent and with
 * the vendor's own words; anything else as the HTTP client classifies it), which the hook may adjust.
 */
final class VendorFailures {

    /** Longest vendor explanation quoted in an error. */
    static final int MAX_EXPLANATION = 300;

    /** Where vendors put their words about a failure, in the order they are quoted. */
    private static final List<String> EXPLANATIONS = List.of(
            "/error/code",
            "/error/message",
            "/error/detail",
            "/error",
            "/error_description",
            "/message",
            "/errors/0/message",
            "/errors/0/detail",
            "/detail",
            "/description");

    private final ConnectorDescriptor connector;
    private final ServiceHttpClient client;
    private final ObjectMapper mapper;
    private final FailureHook hook;
    private final UnaryOperator<String> mask;

    VendorFailures(
            ConnectorDescriptor connector,
            ServiceHttpClient client,
            ObjectMapper mapper,
            FailureHook hook,
            UnaryOperator<String> mask) {
        this.connector = connector;
        this.client = client;
        this.mapper = mapper;
        this.hook = hook;
        this.mask = mask;
    }

    /** The failure that reports {@code result}, the answer to {@code call}. */
    ConnectorException failure(HttpCall call, HttpResult result) {
        int status = result.status();
        String request = connector.name() + ": " + call.describe() + " answered " + status;
        String explanation = explanation(result);
        Optional<ConnectorException> custom = hook.failure(status, request, explanation, result);
        if (custom.isPresent()) {
            return custom.get();
        }
        return hook.adjust(standard(call, result, request, explanation), explanation, result);
    }

    private ConnectorException standard(HttpCall call, HttpResult result, String request, String explanation) {
        int status = result.status();
        String because = explanation.isEmpty() ? "" : ": " + explanation;
        return switch (status) {
            case 401 ->
                ConnectorException.permanent(
                        "AuthenticationFailed",
                        request + because + "; the vendor refused the credentials: check " + connector.propertyPrefix()
                                + ".auth.*",
                        status);
            case 403 ->
                ConnectorException.permanent(
                        "AccessDenied",
                        request + because + "; the configured identity may not do this: grant it the permission, or"
                                + " configure another",
                        status);
            case 404 -> ConnectorException.permanent("NotFound", request + because, status);
            case 400, 409, 422 -> ConnectorException.permanent("InvalidRequest", request + because, status);
            default -> client.failure(call, result);
        };
    }

    /**
     * The vendor's own words about a failure, from the shapes vendors use ({@code error.message},
     * {@code error.detail}, {@code error_description}, {@code message}, {@code errors[0].message},
     * {@code detail}...), shortened and with every secret masked; empty when there are none.
     */
    String explanation(HttpResult result) {
        JsonNode body = FailureHook.body(mapper, result);
        if (!body.isObject()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (String pointer : EXPLANATIONS) {
            JsonNode node = body.at(pointer);
            if (node.isString() && !node.stringValue().isBlank() && !parts.contains(node.stringValue())) {
                parts.add(node.stringValue());
            }
        }
        String text = String.join(": ", parts);
        if (text.length() > MAX_EXPLANATION) {
            text = text.substring(0, MAX_EXPLANATION) + "...";
        }
        return mask.apply(text);
    }
}
