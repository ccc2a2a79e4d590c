package dev.connectorjobs.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.Yaml;

/**
 * Keeps {@code docker-compose.yml} and the Dockerfiles honest without a Docker engine: the names,
 * hosts, ports and jars they mention are checked against the applications and their builds.
 */
class ComposeFileTest {

    /** Maven runs the tests of this module in {@code system-tests/}. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(JOBS_[A-Z0-9_]+)");
    private static final Pattern PROPERTIES_PREFIX = Pattern.compile("@ConfigurationProperties\\(\"([^\"]+)\"\\)");

    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        try (Reader reader = Files.newBufferedReader(REPOSITORY.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = map(compose.get("services"));
        }
    }

    @Test
    void the_stack_has_kafka_postgres_the_api_gateway_and_workers() {
        assertThat(services).containsOnlyKeys("kafka", "postgres", "api-gateway", "worker");
        assertThat(service("kafka")).containsEntry("image", "apache/kafka:4.2.1");
        assertThat(service("postgres")).containsEntry("image", "postgres:17");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void every_jobs_variable_given_to_an_application_is_one_it_reads(String application) throws IOException {
        Set<String> placeholders = placeholdersReadBy(application);
        List<String> relaxedPrefixes = configurationPropertiesPrefixesOf(application);

        assertThat(environment(application).keySet())
                .filteredOn(name -> name.startsWith("JOBS_"))
                .isNotEmpty()
                .allSatisfy(
                        name -> assertThat(placeholders.contains(name) || bindsRelaxedToOneOf(name, relaxedPrefixes))
                                .as(
                                        "%s reads %s (placeholders %s, properties %s)",
                                        application, name, placeholders, relaxedPrefixes)
                                .isTrue());
    }

    @Test
    void the_api_gateway_is_published_and_probed_on_the_port_it_listens_on() {
        String apiPort = environment("api-gateway").get("JOBS_API_PORT");

        assertThat(list(service("api-gateway").get("ports")))
                .map(String::valueOf)
                .anySatisfy(mapping -> assertThat(mapping).endsWith(":" + apiPort));
        assertThat(healthcheckUrl("api-gateway"))
                .isEqualTo(URI.create("http://localhost:" + apiPort + "/actuator/health/readiness"));
    }

    @Test
    void workers_are_probed_on_the_port_they_listen_on() {
        String workerPort = environment("worker").get("JOBS_WORKER_PORT");

        assertThat(workerPort).isNotEqualTo("0");
        assertThat(healthcheckUrl("worker").getPort()).isEqualTo(Integer.parseInt(workerPort));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void the_applications_use_the_postgres_service_with_its_database_and_credentials(String application) {
        Map<String, String> postgres = environment("postgres");
        Map<String, String> env = environment(application);
        URI url = URI.create(env.get("JOBS_DB_URL").substring("jdbc:".length()));

        assertThat(url.getHost()).isEqualTo("postgres");
        assertThat(url.getPort()).isEqualTo(5432);
        assertThat(url.getPath()).isEqualTo("/" + postgres.get("POSTGRES_DB"));
        assertThat(env.get("JOBS_DB_USER")).isEqualTo(postgres.get("POSTGRES_USER"));
        assertThat(env.get("JOBS_DB_PASSWORD")).isEqualTo(postgres.get("POSTGRES_PASSWORD"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void the_applications_use_the_listener_kafka_advertises_to_the_compose_network(String application) {
        Map<String, String> kafka = environment("kafka");
        String bootstrap = environment(application).get("JOBS_KAFKA_BOOTSTRAP");
        Map<String, String> advertised = listenersByAddress(kafka.get("KAFKA_ADVERTISED_LISTENERS"));

        assertThat(bootstrap).startsWith("kafka:");
        assertThat(advertised).containsKey(bootstrap);
        String listenerName = advertised.get(bootstrap);
        String port = bootstrap.substring(bootstrap.indexOf(':') + 1);
        assertThat(Arrays.asList(kafka.get("KAFKA_LISTENERS").split(","))).contains(listenerName + "://:" + port);
    }

    @Test
    void workers_start_after_the_api_gateway_is_healthy_in_three_replicas() {
        Map<String, Object> worker = service("worker");

        assertThat(map(map(worker.get("depends_on")).get("api-gateway"))).containsEntry("condition", "service_healthy");
        assertThat(service("api-gateway")).containsKey("healthcheck");
        assertThat(map(worker.get("deploy"))).containsEntry("replicas", 3);
    }

    @Test
    void workers_are_given_longer_to_stop_than_each_shutdown_phase_of_theirs_with_a_margin() throws IOException {
        Map<String, Object> settings;
        try (Reader reader = Files.newBufferedReader(REPOSITORY.resolve("worker/src/main/resources/worker.yml"))) {
            settings = new Yaml().load(reader);
        }
        Duration phase = DurationStyle.detectAndParse(
                String.valueOf(map(map(settings.get("spring")).get("lifecycle")).get("timeout-per-shutdown-phase")));
        Duration grace =
                DurationStyle.detectAndParse(String.valueOf(service("worker").get("stop_grace_period")));

        // The drain (30 s) runs inside one phase; the margin covers handing unfinished jobs back.
        assertThat(grace).isGreaterThanOrEqualTo(phase.plusSeconds(15));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void each_application_image_runs_the_modules_exec_jar_as_a_non_root_user(String application) throws Exception {
        Map<String, Object> build = map(service(application).get("build"));
        Path dockerfile = REPOSITORY
                .resolve(String.valueOf(build.get("context")))
                .resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")))
                .normalize();
        assertThat(dockerfile)
                .isRegularFile()
                .isEqualTo(REPOSITORY.resolve(application).resolve("Dockerfile"));
        List<String> lines = Files.readAllLines(dockerfile);

        assertThat(lines).contains("FROM eclipse-temurin:25-jre");
        String copiedJar = lines.stream()
                .filter(line -> line.startsWith("COPY ") && line.endsWith(" /app/app.jar"))
                .map(line -> line.split("\\s+")[1])
                .findFirst()
                .orElseThrow();
        assertThat(copiedJar).startsWith("target/");
        assertThat(execJarName(application)).matches(globToRegex(copiedJar.substring("target/".length())));
        assertThat(lines)
                .contains("ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/app.jar\"]")
                .anySatisfy(line -> assertThat(line).matches("USER (?!root\\b|0\\b)\\S+"));
    }

    /** The {@code JOBS_*} variables the application's property files read as {@code ${...}} placeholders. */
    static Set<String> placeholdersReadBy(String application) throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve(application).resolve("src/main/resources"))) {
            return files.filter(file -> file.toString().matches(".*\\.(ya?ml|properties)$"))
                    .flatMap(ComposeFileTest::placeholdersIn)
                    .collect(Collectors.toSet());
        }
    }

    private static Stream<String> placeholdersIn(Path file) {
        try {
            Matcher matcher = PLACEHOLDER.matcher(Files.readString(file));
            return matcher.results().map(result -> result.group(1)).toList().stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> configurationPropertiesPrefixesOf(String application) throws IOException {
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve(application).resolve("src/main/java"))) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> {
                        try {
                            return PROPERTIES_PREFIX
                                    .matcher(Files.readString(file))
                                    .results()
                                    .map(result -> result.group(1))
                                    .toList()
                                    .stream();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }

    /**
     * Spring Boot binds {@code JOBS_WORKER_CONCURRENCY} to {@code jobs.worker.concurrency}: underscores
     * become dots, dashes are dropped.
     */
    private static boolean bindsRelaxedToOneOf(String variable, List<String> prefixes) {
        String property = variable.toLowerCase().replace('_', '.');
        return prefixes.stream().anyMatch(prefix -> property.startsWith(prefix.replace("-", "") + "."));
    }

    /** {@code api-gateway-0.1.0-SNAPSHOT-exec.jar}, from the module's pom: final name plus classifier. */
    private static String execJarName(String application) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(REPOSITORY.resolve(application).resolve("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        String finalName = firstText(project.getElementsByTagName("finalName"));
        if (finalName == null) {
            String version = firstText(project.getElementsByTagName("version"));
            finalName = application + "-" + version;
        }
        String classifier = null;
        NodeList plugins = project.getElementsByTagName("plugin");
        for (int i = 0; i < plugins.getLength(); i++) {
            Element plugin = (Element) plugins.item(i);
            if ("spring-boot-maven-plugin".equals(firstText(plugin.getElementsByTagName("artifactId")))) {
                classifier = firstText(plugin.getElementsByTagName("classifier"));
            }
        }
        return finalName + (classifier == null ? "" : "-" + classifier) + ".jar";
    }

    private static String firstText(NodeList nodes) {
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
    }

    private static String globToRegex(String glob) {
        return Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
    }

    /** {@code INTERNAL://kafka:9092,HOST://localhost:29092} as address to listener name. */
    private static Map<String, String> listenersByAddress(String listeners) {
        Map<String, String> byAddress = new HashMap<>();
        for (String listener : listeners.split(",")) {
            String[] nameAndAddress = listener.trim().split("://", 2);
            byAddress.put(nameAndAddress[1], nameAndAddress[0]);
        }
        return byAddress;
    }

    private static URI healthcheckUrl(String service) {
        List<Object> test = list(map(service(service).get("healthcheck")).get("test"));
        return test.stream()
                .map(String::valueOf)
                .filter(argument -> argument.startsWith("http://"))
                .map(URI::create)
                .findFirst()
                .orElseThrow();
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    /** A service's environment, in either of the two forms compose accepts (map or list). */
    private static Map<String, String> environment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> variables = new HashMap<>();
        if (environment instanceof Map<?, ?> map) {
            map.forEach((name, value) -> variables.put(String.valueOf(name), String.valueOf(value)));
        } else {
            for (Object entry : list(environment)) {
                String[] nameAndValue = String.valueOf(entry).split("=", 2);
                variables.put(nameAndValue[0], nameAndValue.length > 1 ? nameAndValue[1] : "");
            }
        }
        return variables;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object yaml) {
        assertThat(yaml).isInstanceOf(List.class);
        return (List<Object>) yaml;
    }
}
