package dev.connectorjobs.api.security;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser as far as the console's security sees one: a cookie jar, forms with their CSRF token, no redirects followed. */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final String base;

    ConsoleSession(String base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Gets {@code path} as htmx's live refresh does. */
    HttpResponse<String> refresh(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("HX-Request", "true")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form as the page's form would: with the CSRF token found on {@code page}. */
    HttpResponse<String> submit(String page, String path, Map<String, String> fields) throws Exception {
        HttpResponse<String> form = get(page);
        Matcher token = CSRF.matcher(form.body());
        if (!token.find()) {
            throw new AssertionError("no CSRF token on " + page + " (" + form.statusCode() + "): " + form.body());
        }
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("_csrf", token.group(1));
        return post(path, all);
    }

    /** Posts a form as given: no token added. */
    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs in with {@code key}; the answer is the redirect. */
    HttpResponse<String> signIn(String key) throws Exception {
        return submit("/ui/sign-in", "/ui/sign-in", Map.of("api_key", key));
    }

    /** The value of the session cookie, for replaying it elsewhere. */
    String sessionCookie() {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("SESSION"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no SESSION cookie"))
                .getValue();
    }
}
