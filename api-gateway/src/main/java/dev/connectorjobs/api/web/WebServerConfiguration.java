package dev.connectorjobs.api.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How the embedded Tomcat hands requests to the application. */
@Configuration(proxyBeanMethods = false)
class WebServerConfiguration {

    /**
     * Paths with an encoded {@code /} or {@code \} reach the application undecoded, where the
     * security firewall refuses them with a 400 problem document; Tomcat's own refusal is an HTML
     * page that API clients cannot read. They are refused either way, never routed.
     */
    @Bean
    TomcatConnectorCustomizer encodedSlashesReachTheFirewall() {
        return connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        };
    }
}
