package dev.connectorjobs.api.security;

import dev.connectorjobs.api.web.ProblemWriter;
import dev.connectorjobs.api.web.RequestBodyLimit;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthenticatedAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.SingleResultAuthorizationManager;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API's security, on Spring Security: one filter chain that denies by default.
 *
 * <ul>
 *   <li>Public: the liveness and readiness probes ({@code /actuator/health/**}), and the OpenAPI
 *       document and Swagger UI unless {@code jobs.security.public-api-docs=false} (they describe
 *       what the code does, hold no data, and Swagger UI cannot send a key to fetch the document).
 *   <li>Any valid key ({@code USER}, which {@code ADMIN} implies): {@code /api/**} and the other
 *       actuator endpoints; {@code metrics} and {@code prometheus} may instead be opened on a
 *       separate management port ({@code jobs.security.open-metrics}).
 *   <li>{@code ADMIN}: key management and the breaker commands.
 *   <li>Everything else: refused.
 * </ul>
 *
 * <p>Paths are matched by the same parser Spring MVC routes with, and the default {@code
 * StrictHttpFirewall} refuses non-canonical paths ({@code ;} parameters, encoded {@code /}, {@code
 * \}, {@code .} and {@code %}, dot segments, {@code //}) with a 400 before anything runs. The
 * handlers carry the same roles again ({@code @PreAuthorize}), checked on the method the
 * dispatcher actually invokes. Keys are bearer tokens, not cookies, so there is no session and
 * no CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity
class SecurityConfiguration {

    private static final String[] API_DOCS = {"/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiKeyAuthenticationProvider keys,
            AuthenticationThrottle throttle,
            SecurityProblems problems,
            SecurityProperties properties,
            Environment environment)
            throws Exception {
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(keys), new BearerKeyConverter());
        bearer.setSuccessHandler((request, response, authentication) -> {});
        bearer.setFailureHandler((request, response, e) -> {
            throttle.failed(request.getRemoteAddr());
            problems.commence(request, response, e);
        });
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .addFilterBefore(new ThrottleFilter(throttle, problems), BasicAuthenticationFilter.class)
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .authorizeHttpRequests(requests -> requests
                        // An error answer being rendered: the request it answers was authorized or refused already.
                        .dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(EndpointRequest.to("health"))
                        .permitAll()
                        .requestMatchers(EndpointRequest.to("metrics", "prometheus"))
                        .access(metricsAccess(properties, environment))
                        .requestMatchers(EndpointRequest.toAnyEndpoint())
                        .hasRole(Role.USER.name())
                        .requestMatchers(API_DOCS)
                        .access(
                                properties.publicApiDocs()
                                        ? permit()
                                        : AuthenticatedAuthorizationManager.authenticated())
                        .requestMatchers(
                                "/api/v1/admin/api-keys",
                                "/api/v1/admin/api-keys/**",
                                "/api/v1/admin/webhooks/**",
                                "/api/v1/admin/limits",
                                "/api/v1/admin/limits/**")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(HttpMethod.POST, "/api/v1/admin/health/circuit-breakers/*/*")
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/**")
                        .hasRole(Role.USER.name())
                        .anyRequest()
                        .denyAll());
        return http.build();
    }

    /** ADMIN may do everything USER may. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.ADMIN.name())
                .implies(Role.USER.name())
                .build();
    }

    /** The body limit, before authentication: an oversized body is refused unread. */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(SecurityProperties properties, ProblemWriter problems) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(properties.maxRequestBody().toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    private static AuthorizationManager<RequestAuthorizationContext> metricsAccess(
            SecurityProperties properties, Environment environment) {
        if (!properties.openMetrics()) {
            return AuthenticatedAuthorizationManager.authenticated();
        }
        if (ManagementPortType.get(environment) != ManagementPortType.DIFFERENT) {
            throw new IllegalStateException("jobs.security.open-metrics=true needs the actuator on its own port, so"
                    + " that only the network that can reach that port sees the metrics: set management.server.port"
                    + " to a port other than the API's, or set jobs.security.open-metrics=false");
        }
        return permit();
    }

    private static AuthorizationManager<RequestAuthorizationContext> permit() {
        return SingleResultAuthorizationManager.permitAll();
    }

    /** Answers 429 to an address that failed to authenticate too often, before its key is looked up. */
    private static final class ThrottleFilter extends OncePerRequestFilter {

        private final AuthenticationThrottle throttle;
        private final SecurityProblems problems;

        ThrottleFilter(AuthenticationThrottle throttle, SecurityProblems problems) {
            this.throttle = throttle;
            this.problems = problems;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Optional<Duration> wait = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    ? Optional.empty()
                    : throttle.retryAfter(request.getRemoteAddr());
            if (wait.isPresent()) {
                problems.throttled(request, response, wait.get());
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
