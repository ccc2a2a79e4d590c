package dev.connectorjobs.worker.connector.servicenow;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code Link} header of a Table API page (RFC 8288): {@code <url>;rel="first",
 * <url>;rel="prev",<url>;rel="next",<url>;rel="last"}. The instance leaves out {@code next} on the
 * last page, and the whole header when everything fits one page.
 */
final class LinkHeader {

    /** One link: the target in angle brackets, then its parameters up to the next target. */
    private static final Pattern LINK = Pattern.compile("<([^>]*)>([^<]*)");

    private static final Pattern REL = Pattern.compile("(?i)(?:^|;)\\s*rel\\s*=\\s*(?:\"([^\"]*)\"|([^\\s;,\"]+))");

    private LinkHeader() {}

    /**
     * The {@code rel="next"} target of {@code header}, resolved against {@code page} (the URL that
     * answered).
     *
     * @throws dev.connectorjobs.worker.attempt.ConnectorException permanent {@code
     *     MalformedResponse} when that target is not a URL
     */
    static Optional<URI> next(String header, URI page) {
        Matcher link = LINK.matcher(header);
        while (link.find()) {
            if (hasRel(link.group(2), "next")) {
                try {
                    return Optional.of(page.resolve(new URI(link.group(1).trim())));
                } catch (java.net.URISyntaxException | IllegalArgumentException e) {
                    throw ResponseReader.malformed("the Link header's rel=\"next\" target is not a URL");
                }
            }
        }
        return Optional.empty();
    }

    private static boolean hasRel(String parameters, String wanted) {
        Matcher rel = REL.matcher(parameters);
        while (rel.find()) {
            String values = rel.group(1) != null ? rel.group(1) : rel.group(2);
            for (String value : values.trim().split("\\s+")) {
                if (value.toLowerCase(Locale.ROOT).equals(wanted)) {
                    return true;
                }
            }
        }
        return false;
    }
}
