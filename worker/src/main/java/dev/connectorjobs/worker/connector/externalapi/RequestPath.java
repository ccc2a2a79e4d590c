package dev.connectorjobs.worker.connector.externalapi;

import static dev.connectorjobs.worker.connector.externalapi.ExternalApiRequest.abbreviate;
import static dev.connectorjobs.worker.connector.externalapi.ExternalApiRequest.invalid;

import dev.connectorjobs.worker.attempt.ConnectorException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hc.core5.net.URIBuilder;

/**
 * The path of an {@code external_api} request, which must stay below the configured base URL's
 * path on the base URL's host. A path is appended to the base URL as sent; servers and proxies on
 * the way may decode and normalise it, once or more, so anything that could climb out after any
 * number of decodings is rejected: dot segments ({@code .}, {@code ..}), {@code ;} path
 * parameters, slashes and backslashes that are encoded, control characters, and anything that
 * names a scheme or host. The final URL is checked again once built.
 */
final class RequestPath {

    /** RFC 3986 path characters and percent escapes; no '?', '#', '\', ';' or whitespace. */
    private static final Pattern PATH = Pattern.compile("/([A-Za-z0-9\\-._~!$&'()*+,=:@/]|%[0-9A-Fa-f]{2})*");

    private static final Pattern ESCAPE = Pattern.compile("%([0-9A-Fa-f]{2})");

    private RequestPath() {}

    /**
     * Checks a path from a job's params.
     *
     * @throws ConnectorException permanent {@code InvalidRequest}, saying what is wrong and what to
     *     send instead
     */
    static void check(String path) {
        if (!path.startsWith("/")) {
            throw rejected(
                    "must start with '/': it is appended to the configured base URL, so a scheme or host"
                            + " (http:, //host) cannot be sent; send e.g. /api/items",
                    path);
        }
        if (path.contains("//")) {
            throw rejected("must not contain '//' (an empty segment, or a host); separate segments by one '/'", path);
        }
        if (path.chars().anyMatch(c -> c == '?' || c == '#')) {
            throw rejected("must not contain '?' or '#'; put query parameters in 'query'", path);
        }
        for (String segment : path.substring(1).split("/", -1)) {
            checkDecoded(segment, path);
        }
        if (!PATH.matcher(path).matches()) {
            throw rejected(
                    "may hold only URL path characters and %-escapes; percent-encode anything else in UTF-8,"
                            + " e.g. a space as %20",
                    path);
        }
    }

    /**
     * The request's URL: the base URL, the path appended, the query added; checked to be on the base
     * URL's scheme, host and port and below its path.
     *
     * @throws ConnectorException permanent {@code InvalidRequest} when it is not
     */
    static URI resolve(URI base, String path, Map<String, String> query) {
        String basePath = withoutTrailingSlash(Objects.requireNonNullElse(base.getRawPath(), ""));
        String prefix = withoutTrailingSlash(base.toString());
        URI uri;
        try {
            URIBuilder builder = new URIBuilder(prefix + path);
            query.forEach(builder::addParameter);
            uri = builder.build();
        } catch (URISyntaxException e) {
            throw rejected("is not a valid URL path; percent-encode reserved characters in UTF-8", path);
        }
        String rawPath = Objects.requireNonNullElse(uri.getRawPath(), "");
        boolean sameService = base.getScheme().equalsIgnoreCase(uri.getScheme())
                && base.getHost().equalsIgnoreCase(uri.getHost())
                && base.getPort() == uri.getPort()
                && uri.getRawUserInfo() == null
                && uri.getRawFragment() == null;
        boolean below = rawPath.startsWith(basePath + "/")
                && rawPath.equals(uri.normalize().getRawPath());
        if (!sameService || !below) {
            throw rejected(
                    "would leave the configured base URL's path '" + (basePath.isEmpty() ? "/" : basePath)
                            + "'; send a path below it, without dot segments",
                    path);
        }
        return uri;
    }

    /**
     * Rejects a segment that is, or decodes to, something that could change which resource the path
     * names: it is decoded for as long as it holds %-escapes, so a double-encoded {@code %252e}
     * is caught as well as {@code %2e} and {@code .}.
     */
    private static void checkDecoded(String segment, String path) {
        String decoded = segment;
        while (true) {
            if (decoded.equals(".") || decoded.equals("..")) {
                throw rejected(
                        "must not contain '.' or '..' segments, plain or %-encoded (%2e, %252e); send the"
                                + " path as resolved, e.g. /a/c instead of /a/b/../c",
                        path);
            }
            if (decoded.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw rejected("must not contain control characters (NUL, line breaks, ...), plain or %-encoded", path);
            }
            if (decoded.chars().anyMatch(c -> c == '/' || c == '\\')) {
                throw rejected(
                        "must not contain backslashes or encoded slashes or backslashes (%2f, %5c); separate"
                                + " segments by a plain '/'",
                        path);
            }
            if (decoded.indexOf(';') >= 0) {
                throw rejected(
                        "must not contain ';' path parameters, plain or %-encoded; put parameters in 'query'", path);
            }
            if (!ESCAPE.matcher(decoded).find()) {
                return;
            }
            decoded = decodeOnce(decoded);
        }
    }

    /** Decodes each %-escape to the character of that byte value, so that bytes stay comparable. */
    private static String decodeOnce(String text) {
        Matcher escape = ESCAPE.matcher(text);
        StringBuilder decoded = new StringBuilder(text.length());
        while (escape.find()) {
            escape.appendReplacement(decoded, "");
            decoded.append((char) Integer.parseInt(escape.group(1), 16));
        }
        escape.appendTail(decoded);
        return decoded.toString();
    }

    private static String withoutTrailingSlash(String text) {
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static ConnectorException rejected(String problem, String path) {
        return invalid("path " + problem + "; was '" + abbreviate(path) + "'");
    }
}
