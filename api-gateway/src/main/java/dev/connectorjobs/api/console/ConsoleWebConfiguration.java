package dev.connectorjobs.api.console;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;

/**
 * The console's static files under {@code /ui}: its own stylesheet and script, and htmx and uPlot
 * from their WebJars (addressed without version: the locator finds the one on the class path).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleWebConfiguration implements WebMvcConfigurer {

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
