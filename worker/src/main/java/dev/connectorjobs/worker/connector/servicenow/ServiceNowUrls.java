package dev.connectorjobs.worker.connector.servicenow;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.net.URIBuilder;

/** The URLs of one instance: API paths below the configured base URL, and the paging offset in them. */
final class ServiceNowUrls {

    static final String TABLE_PATH = "/api/now/table/";
    static final String OFFSET = "sysparm_offset";

    private final URI base;
    private final String prefix;

    ServiceNowUrls(URI base) {
        this.base = base;
        String text = base.toString();
        this.prefix = text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code path} (starting with {@code /}) below the base URL. */
    URI path(String path) {
        return URI.create(prefix + path);
    }

    /** {@code /api/now/table/<table>} with {@code query} (unencoded). */
    URI table(String table, Map<String, String> query) {
        return build(prefix + TABLE_PATH + table, query);
    }

    /** {@code /api/now/table/<table>/<sysId>} with {@code query} (unencoded). */
    URI record(String table, String sysId, Map<String, String> query) {
        return build(prefix + TABLE_PATH + table + "/" + sysId, query);
    }

    /** {@code page} with {@code sysparm_offset} set to {@code offset}. */
    static URI withOffset(URI page, long offset) {
        try {
            return new URIBuilder(page)
                    .setParameter(OFFSET, Long.toString(offset))
                    .build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + page.getPath(), e);
        }
    }

    /** The {@code sysparm_offset} of {@code page}; 0 when absent or unreadable. */
    static long offsetOf(URI page) {
        for (NameValuePair parameter : new URIBuilder(page).getQueryParams()) {
            if (parameter.getName().equals(OFFSET) && parameter.getValue() != null) {
                try {
                    return Math.max(0, Long.parseLong(parameter.getValue().trim()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    /** Whether {@code uri} goes to the configured instance (scheme, host and port), so credentials may go with it. */
    boolean isOnInstance(URI uri) {
        return uri.getScheme() != null
                && uri.getScheme().equalsIgnoreCase(base.getScheme())
                && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(base.getHost())
                && port(uri) == port(base)
                && uri.getRawUserInfo() == null;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static URI build(String url, Map<String, String> query) {
        try {
            URIBuilder builder = new URIBuilder(url);
            query.forEach(builder::addParameter);
            return builder.build();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + url, e);
        }
    }

    @Override
    public String toString() {
        return prefix;
    }
}
