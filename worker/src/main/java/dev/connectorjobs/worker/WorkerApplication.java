package dev.connectorjobs.worker;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** A worker process: consumes its queues' topics and runs the jobs it claims. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class WorkerApplication {

    /** Name of the configuration file ({@code worker.yml}), distinct so both applications can share a classpath. */
    public static final String CONFIG_NAME = "worker";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application, configured from {@code worker.yml}; tests add their own properties to it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(WorkerApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }
}
