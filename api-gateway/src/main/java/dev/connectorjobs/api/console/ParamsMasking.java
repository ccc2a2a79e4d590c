package dev.connectorjobs.api.console;

import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks secrets in job parameters before a page shows them: the value of every field, at any depth,
 * whose name says it holds a credential (password, secret, token, API key, authorization, cookie,
 * private key, credential). The catalog has no notion of secret parameters, so the name is what
 * there is; a name that matches and holds no secret is masked all the same.
 */
final class ParamsMasking {

    static final String MASK = "••••••";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|token|api[_-]?key|apikey|authorization|cookie|credential"
                    + "|private[_-]?key|signature).*");

    private ParamsMasking() {}

    /** A copy of {@code params} with the values of secret-named fields replaced by {@link #MASK}. */
    static JsonNode mask(JsonNode params) {
        if (params.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (var entry : params.properties()) {
                copy.set(
                        entry.getKey(),
                        SECRET_NAME.matcher(entry.getKey()).matches()
                                        && !entry.getValue().isNull()
                                ? JsonNodeFactory.instance.stringNode(MASK)
                                : mask(entry.getValue()));
            }
            return copy;
        }
        if (params.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            params.forEach(element -> copy.add(mask(element)));
            return copy;
        }
        return params;
    }
}
