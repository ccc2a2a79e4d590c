package dev.connectorjobs.api;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The API service: accepts, stores and dispatches jobs, and answers their status. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ApiGatewayApplication {

    /** Name of the configuration file ({@code api-gateway.yml}), distinct so both applications can share a classpath. */
    public static final String CONFIG_NAME = "api-gateway";

    public static void main(String[] args) {
        application().run(args);
    }

    /**
     * The application, configured from {@code api-gateway.yml}, with renamed properties still read
     * under their old names; tests add their own properties to it.
     */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ApiGatewayApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME)
                .listeners(new RenamedProperties());
    }
}
