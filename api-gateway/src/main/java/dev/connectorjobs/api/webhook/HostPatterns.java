package dev.connectorjobs.api.webhook;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Allow-list patterns: an exact host name or address ({@code hooks.example.com}, {@code 10.1.2.3},
 * {@code ::1}), or {@code *.example.com} for every host below a domain (not the domain itself).
 */
final class HostPatterns {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");

    private HostPatterns() {}

    /** Lower case, without surrounding blanks, IPv6 brackets or a trailing dot. */
    static String normalize(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    /** Whether a normalized pattern is a host name, an address or {@code *.domain}. */
    static boolean isValid(String pattern) {
        if (pattern.isEmpty() || pattern.length() > 253) {
            return false;
        }
        if (pattern.contains(":")) {
            return IPV6.matcher(pattern).matches();
        }
        String name = pattern.startsWith("*.") ? pattern.substring(2) : pattern;
        if (name.isEmpty()) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Whether a normalized host matches a normalized pattern. */
    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return pattern.equals(host);
    }
}
