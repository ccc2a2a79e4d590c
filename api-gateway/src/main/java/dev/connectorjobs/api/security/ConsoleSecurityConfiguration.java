package dev.connectorjobs.api.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The operations console's security ({@code /ui/**}), a filter chain of its own ahead of the API's.
 *
 * <ul>
 *   <li>Sign-in: a form posts an API key to {@code /ui/sign-in}; it is checked exactly as a bearer
 *       key is ({@link ApiKeys#authenticate}), failures count against the same per-address
 *       throttle, and the session id changes on success. The browser then holds only a session
 *       cookie ({@code SESSION}: HttpOnly, SameSite=Strict, path {@code /ui}, Secure when the
 *       request came over TLS, idle expiry {@code spring.session.timeout}); the key itself is never
 *       stored, in the session or anywhere else.
 *   <li>Sessions live in PostgreSQL (Spring Session JDBC, migration V16), so any replica serves any
 *       browser, and signing out ({@code POST /ui/sign-out}) ends the session everywhere at once.
 *       A revoked key ends its sessions on their next request.
 *   <li>Every state-changing request carries the session's CSRF token (a hidden form field; htmx
 *       sends it as a header): without it the answer is 403.
 *   <li>Roles as the API's: any key reads every page and may revoke the jobs it submitted and
 *       manage the schedules it created (checked by the schedule service); breaker commands,
 *       changes of limits, API keys and the audit log need {@code ADMIN}.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurityConfiguration {

    /** Where the console lives; every path of the chain is under it. */
    static final String UI = "/ui";

    private static final String SIGN_IN = UI + "/sign-in";

    /**
     * Scripts and styles only from this origin (htmx, uPlot and the console's own, from WebJars and
     * the jar), no inline script, no framing.
     */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain consoleSecurity(HttpSecurity http, ApiKeys keys, AuthenticationThrottle throttle)
            throws Exception {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        HttpSessionRequestCache requestCache = new HttpSessionRequestCache();
        // Only a page the user asked for is worth returning to after sign-in, not a live fragment.
        requestCache.setRequestMatcher(
                request -> HttpMethod.GET.matches(request.getMethod()) && request.getHeader("HX-Request") == null);
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage(UI + "/forbidden");
        http.securityMatcher(UI, UI + "/**")
                .authenticationManager(new ProviderManager(new ConsoleKeyProvider(keys)))
                .requestCache(cache -> cache.requestCache(requestCache))
                .formLogin(form -> form.loginPage(SIGN_IN)
                        .loginProcessingUrl(SIGN_IN)
                        .passwordParameter("api_key")
                        .defaultSuccessUrl(UI, false)
                        .failureHandler((request, response, e) -> {
                            throttle.failed(request.getRemoteAddr());
                            response.sendRedirect(SIGN_IN + "?error");
                        })
                        .permitAll())
                .logout(logout -> logout.logoutUrl(UI + "/sign-out")
                        .logoutSuccessUrl(SIGN_IN + "?signed-out")
                        .deleteCookies("SESSION"))
                .exceptionHandling(e -> e.authenticationEntryPoint(new ConsoleEntryPoint(SIGN_IN))
                        .accessDeniedHandler(denied))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(
                                referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)))
                .addFilterBefore(new SignInThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterAfter(new RevokedKeyFilter(keys), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(
                                paths.matcher(UI + "/assets/**"),
                                paths.matcher(UI + "/webjars/**"),
                                paths.matcher(UI + "/forbidden"))
                        .permitAll()
                        .requestMatchers(
                                paths.matcher(UI + "/api-keys"),
                                paths.matcher(UI + "/api-keys/**"),
                                paths.matcher(UI + "/audit"),
                                paths.matcher(HttpMethod.POST, UI + "/breakers/**"),
                                paths.matcher(HttpMethod.POST, UI + "/limits"),
                                paths.matcher(HttpMethod.POST, UI + "/limits/**"))
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .hasRole(Role.USER.name()));
        return http.build();
    }

    /** The API key posted by the sign-in form, checked as a bearer key would be. */
    private static final class ConsoleKeyProvider implements AuthenticationProvider {

        private final ApiKeys keys;

        ConsoleKeyProvider(ApiKeys keys) {
            this.keys = keys;
        }

        @Override
        public Authentication authenticate(Authentication authentication) {
            Object credentials = authentication.getCredentials();
            String key = credentials == null ? "" : credentials.toString().trim();
            if (key.isEmpty() || key.length() > BearerKeyConverter.MAX_KEY_LENGTH) {
                throw new BadCredentialsException("the API key is empty or too long to be one");
            }
            return keys.authenticate(key)
                    .map(ApiKeyAuthentication::authenticated)
                    .orElseThrow(() -> new BadCredentialsException("unknown or revoked API key"));
        }

        @Override
        public boolean supports(Class<?> authentication) {
            return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
        }
    }

    /**
     * Sends a browser that is not signed in to the sign-in page; a live fragment (htmx) gets 401 and
     * {@code HX-Redirect}, so the whole page goes there rather than a sign-in form inside a table.
     */
    private static final class ConsoleEntryPoint extends LoginUrlAuthenticationEntryPoint {

        ConsoleEntryPoint(String signIn) {
            super(signIn);
        }

        @Override
        public void commence(
                HttpServletRequest request,
                HttpServletResponse response,
                org.springframework.security.core.AuthenticationException e)
                throws IOException, ServletException {
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", SIGN_IN);
                response.setStatus(HttpStatus.UNAUTHORIZED.value());
                return;
            }
            super.commence(request, response, e);
        }
    }

    /** Refuses sign-in attempts from an address that failed too often, before the key is looked up. */
    private static final class SignInThrottleFilter extends OncePerRequestFilter {

        private final AuthenticationThrottle throttle;
        private final RequestMatcher signIn =
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, SIGN_IN);

        SignInThrottleFilter(AuthenticationThrottle throttle) {
            this.throttle = throttle;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (signIn.matches(request)
                    && throttle.retryAfter(request.getRemoteAddr()).isPresent()) {
                response.sendRedirect(SIGN_IN + "?throttled");
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /**
     * Ends the session of a key revoked since it signed in: the session holds the key's id, not the
     * key, so its validity is checked again on each request (a primary-key look-up).
     */
    private static final class RevokedKeyFilter extends OncePerRequestFilter {

        private final ApiKeys keys;

        RevokedKeyFilter(ApiKeys keys) {
            this.keys = keys;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Optional<ApiClient> client = CurrentClient.get();
            if (client.isPresent() && !keys.isActive(client.get().keyId())) {
                SecurityContextHolder.clearContext();
                HttpSession session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                response.sendRedirect(SIGN_IN + "?revoked");
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
