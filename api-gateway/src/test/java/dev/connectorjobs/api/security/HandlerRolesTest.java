package dev.connectorjobs.api.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The second line behind the path rules: every handler of the API names the role it needs, and
 * the check runs on the handler the dispatcher invokes, whatever path led there.
 */
class HandlerRolesTest {

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void every_api_handler_names_the_role_it_needs() {
        Map<RequestMappingInfo, HandlerMethod> handlers = SecuredApi.get()
                .context
                .getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class)
                .getHandlerMethods();

        List<String> ours = handlers.values().stream()
                .filter(h -> h.getBeanType().getPackageName().startsWith("dev.connectorjobs"))
                .map(h -> h.getBeanType().getSimpleName() + "." + h.getMethod().getName())
                .toList();
        List<String> unguarded = handlers.values().stream()
                .filter(h -> h.getBeanType().getPackageName().startsWith("dev.connectorjobs"))
                .filter(h -> !guarded(h.getMethod()))
                .map(h -> h.getBeanType().getSimpleName() + "." + h.getMethod().getName())
                .toList();

        assertThat(ours).hasSizeGreaterThanOrEqualTo(14);
        assertThat(unguarded).isEmpty();
    }

    private static boolean guarded(Method method) {
        return AnnotatedElementUtils.hasAnnotation(method, PreAuthorize.class)
                || AnnotatedElementUtils.hasAnnotation(method.getDeclaringClass(), PreAuthorize.class);
    }

    @Test
    void a_user_key_calling_an_admin_handler_directly_is_refused() {
        ApiKeyController controller = SecuredApi.get().context.getBean(ApiKeyController.class);
        assertThat(AopUtils.isAopProxy(controller)).isTrue();

        SecurityContextHolder.getContext()
                .setAuthentication(ApiKeyAuthentication.authenticated(
                        new ApiClient(java.util.UUID.randomUUID(), "direct-user", Role.USER)));
        assertThatThrownBy(controller::list).isInstanceOf(AccessDeniedException.class);

        SecurityContextHolder.getContext()
                .setAuthentication(ApiKeyAuthentication.authenticated(
                        new ApiClient(java.util.UUID.randomUUID(), "direct-admin", Role.ADMIN)));
        assertThat(controller.list()).containsKey("keys");
    }
}
