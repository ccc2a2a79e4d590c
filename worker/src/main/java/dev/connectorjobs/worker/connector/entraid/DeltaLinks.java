package dev.connectorjobs.worker.connector.entraid;

import dev.connectorjobs.worker.connector.kit.ConnectorErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Checks a job's {@code delta_link} before it is followed: an absolute link to the configured
 * Graph origin, to the delta query of the list the operation reads ({@code .../users/delta} for
 * {@code fetch_users}). So a users link cannot feed {@code fetch_devices}, and no param can send the
 * token elsewhere (the {@code VendorApi} also refuses other origins). The link is otherwise opaque:
 * its {@code $deltatoken} is passed on as Graph gave it.
 */
final class DeltaLinks {

    private DeltaLinks() {}

    static String check(String link, URI baseUrl, DirectoryObjects objects) {
        URI uri;
        try {
            uri = new URI(link);
        } catch (URISyntaxException e) {
            throw invalid("delta_link is not a URL; pass the delta_link of an earlier run's result unchanged");
        }
        String basePath = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
        boolean sameOrigin = uri.isAbsolute()
                && baseUrl.getScheme().equalsIgnoreCase(uri.getScheme())
                && uri.getHost() != null
                && uri.getHost().equalsIgnoreCase(baseUrl.getHost())
                && port(uri) == port(baseUrl);
        if (!sameOrigin) {
            throw invalid("delta_link must be a link to the configured Graph endpoint " + baseUrl.getScheme() + "://"
                    + baseUrl.getRawAuthority() + "; pass the delta_link of an earlier run's result unchanged");
        }
        String expected = basePath + objects.deltaPath();
        if (!expected.equalsIgnoreCase(uri.getRawPath())) {
            throw invalid("delta_link is not a delta link of " + objects.path().substring(1) + " (its path is not "
                    + expected + "); pass the delta_link of an earlier run of the same operation");
        }
        return link;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static RuntimeException invalid(String message) {
        return ConnectorErrors.invalidParams(EntraIdConnector.CONNECTOR.name(), message);
    }
}
