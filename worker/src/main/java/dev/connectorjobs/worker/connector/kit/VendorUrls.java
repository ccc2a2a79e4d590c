package dev.connectorjobs.worker.connector.kit;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/** Checks of the URLs connectors are configured with, for their properties records. */
public final class VendorUrls {

    private VendorUrls() {}

    /**
     * {@code url} when it is an http(s) URL with a host and without credentials, query or fragment.
     *
     * @param property the property's full name, for the message
     * @param example a valid value, for the message
     * @throws IllegalArgumentException otherwise, naming the property
     */
    public static @Nullable URI check(@Nullable URI url, String property, String example) {
        if (url == null) {
            return null;
        }
        String scheme = url.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
                || url.getHost() == null
                || url.getRawQuery() != null
                || url.getRawFragment() != null
                || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException(property + " must be an http(s) URL with a host and without"
                    + " credentials, query or fragment, e.g. " + example);
        }
        return url;
    }
}
