package dev.connectorjobs.api.console;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.FlashMapManager;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;
import org.springframework.web.servlet.support.SessionFlashMapManager;

/**
 * The console's static files under {@code /ui}: its own stylesheet and script, and htmx and uPlot
 * from their WebJars (addressed without version: the locator finds the one on the class path);
 * and flash messages that only a page load takes.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

    /**
     * A form's answer ("Revoked (was STARTED)", "2 of 2 workers applied it") travels to the page the
     * form redirects to as a flash attribute. The page being left keeps refreshing its live part at
     * the same address while the form's request runs, and such a refresh would take the message
     * instead of the page load. Live refreshes (htmx's {@code HX-Request}) therefore never take one.
     */
    @Bean(DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME)
    FlashMapManager flashMapManager() {
        return new SessionFlashMapManager() {
            @Override
            protected @Nullable List<FlashMap> retrieveFlashMaps(HttpServletRequest request) {
                return request.getHeader("HX-Request") != null ? null : super.retrieveFlashMaps(request);
            }
        };
    }

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        CacheControl cache = CacheControl.maxAge(Duration.ofHours(1)).cachePublic();
        registry.addResourceHandler("/ui/assets/**")
                .addResourceLocations("classpath:/console/")
                .setCacheControl(cache);
        registry.addResourceHandler("/ui/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(cache)
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
    }
}
