package dev.connectorjobs.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.connectorjobs.api.ApiGatewayApplication;
import dev.connectorjobs.testing.ConfigurationMetadata;
import dev.connectorjobs.worker.WorkerApplication;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.convert.DurationStyle;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code deploy/} honest without a Kubernetes cluster, as {@link ComposeFileTest} does for
 * {@code docker-compose.yml}: the ports, probe paths and environment variables of the manifests are
 * checked against the applications' own configuration, the autoscaler against the worker's limits,
 * and every metric the autoscaler, the alerts and the dashboard read against the metrics the
 * services export.
 */
class KubernetesManifestsTest {

    /** Maven runs the tests of this module in {@code system-tests/}. */
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private static final Path DEPLOY = REPOSITORY.resolve("deploy");

    private static final Map<String, Class<?>> APPLICATIONS =
            Map.of("api-gateway", ApiGatewayApplication.class, "worker", WorkerApplication.class);

    /** The Secret the operator creates (docs/operations.md); it is not in the repository. */
    private static final String SECRET = "connector-jobs";

    /** Time between the worker's last shutdown phase and the kubelet's SIGKILL that we ask for. */
    private static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(15);

    /** Spring Boot's {@code spring.lifecycle.timeout-per-shutdown-phase} when none is configured. */
    private static final Duration DEFAULT_SHUTDOWN_PHASE = Duration.ofSeconds(30);

    /**
     * The job metrics of issue 21, as the services register them with Micrometer. docs/metrics.md
     * documents them; their Prometheus names are what a {@link PrometheusMeterRegistry} makes of
     * these.
     */
    private static final List<IssueMetric> ISSUE_METRICS = List.of(
            IssueMetric.counter("jobs.submitted"),
            IssueMetric.counter("jobs.started"),
            IssueMetric.counter("jobs.finished"),
            IssueMetric.counter("jobs.retried"),
            IssueMetric.counter("jobs.deferred"),
            IssueMetric.counter("jobs.reaped"),
            IssueMetric.counter("jobs.poisoned"),
            IssueMetric.histogram("jobs.queue.wait"),
            IssueMetric.histogram("jobs.run"),
            IssueMetric.histogram("jobs.end.to.end"),
            IssueMetric.gauge("jobs.ready", null),
            IssueMetric.gauge("jobs.ready.oldest.age", "seconds"),
            IssueMetric.gauge("jobs.running", null),
            IssueMetric.gauge("jobs.retry.waiting", null),
            IssueMetric.gauge("jobs.held", null),
            IssueMetric.gauge("jobs.worker.slots", null),
            IssueMetric.gauge("jobs.worker.stuck.threads", null),
            IssueMetric.counter("jobs.worker.lease.renewals.failed"),
            IssueMetric.gauge("jobs.dispatch.unconfirmed", null),
            IssueMetric.gauge("jobs.dispatch.oldest.unconfirmed.age", "seconds"));

    /**
     * The metrics the autoscaler may read: ready and running jobs, never held ones; and whether the
     * api-gateway is scraped at all.
     */
    private static final Set<String> SCALING_METRICS =
            Set.of("jobs_ready", "jobs_running", "jobs_ready_oldest_age_seconds", "up");

    /** Names Prometheus itself gives every target. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern METER_BUILDER =
            Pattern.compile("\\b(Counter|FunctionCounter|Gauge|Timer)\\.builder\\(\\s*\"([a-z0-9.]+)\"");
    private static final Pattern DOCUMENTED_VARIABLE = Pattern.compile("`(JOBS_[A-Z0-9_<>]+)`");

    private static List<Map<String, Object>> base;
    private static List<Map<String, Object>> monitoring;
    private static Map<String, Object> overlay;

    @BeforeAll
    static void readManifests() throws IOException {
        base = objectsOf(DEPLOY.resolve("base"));
        monitoring = objectsOf(DEPLOY.resolve("monitoring"));
        overlay = yaml(DEPLOY.resolve("overlays/example/kustomization.yaml"));
    }

    @Test
    void the_base_holds_both_applications_their_budgets_and_the_worker_autoscaler() {
        assertThat(base)
                .extracting(object -> kind(object) + "/" + name(object))
                .contains(
                        "Deployment/api-gateway",
                        "Deployment/worker",
                        "Service/api-gateway",
                        "PodDisruptionBudget/api-gateway",
                        "PodDisruptionBudget/worker",
                        "ScaledObject/worker",
                        "ConfigMap/api-gateway-config",
                        "ConfigMap/worker-config");
        assertThat(monitoring)
                .extracting(object -> kind(object) + "/" + name(object))
                .contains("PodMonitor/api-gateway", "PodMonitor/worker", "PrometheusRule/connector-jobs");
    }

    @Test
    void every_manifest_file_is_part_of_its_kustomization() throws IOException {
        for (String directory : List.of("base", "monitoring")) {
            Path dir = DEPLOY.resolve(directory);
            List<String> listed =
                    strings(yaml(dir.resolve("kustomization.yaml")).get("resources"));
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(file -> file.getFileName().toString())
                                .filter(file -> file.endsWith(".yaml") && !file.equals("kustomization.yaml")))
                        .as("manifests in deploy/%s", directory)
                        .containsExactlyInAnyOrderElementsOf(listed);
            }
        }
    }

    @Test
    void the_example_overlay_patches_only_objects_the_base_and_monitoring_have() {
        Path overlayDir = DEPLOY.resolve("overlays/example");
        assertThat(strings(overlay.get("resources")))
                .allSatisfy(resource -> assertThat(overlayDir.resolve(resource).resolve("kustomization.yaml"))
                        .isRegularFile());
        List<Map<String, Object>> objects = new ArrayList<>(base);
        objects.addAll(monitoring);
        assertThat(list(overlay.get("patches"))).isNotEmpty().allSatisfy(patch -> {
            Map<String, Object> target = map(map(patch).get("target"));
            assertThat(objects)
                    .as("an object for the patch target %s", target)
                    .anyMatch(object -> kind(object).equals(target.get("kind"))
                            && name(object).matches(String.valueOf(target.get("name"))));
        });
        assertThat(list(overlay.get("images")))
                .extracting(image -> String.valueOf(map(image).get("name")))
                .containsExactlyInAnyOrderElementsOf(APPLICATIONS.keySet().stream()
                        .map(KubernetesManifestsTest::container)
                        .map(c -> String.valueOf(c.get("image")))
                        .toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void each_deployment_runs_the_image_docker_compose_builds_for_the_application(String application)
            throws IOException {
        Map<String, Object> compose = yaml(REPOSITORY.resolve("docker-compose.yml"));
        Map<String, Object> service = map(map(compose.get("services")).get(application));
        assertThat(map(service.get("build"))).containsEntry("context", "./" + application);

        assertThat(container(application).get("image")).isEqualTo(compose.get("name") + "-" + application);
        Object user = map(podSpec(application).get("securityContext")).get("runAsUser");
        assertThat(Files.readString(REPOSITORY.resolve(application).resolve("Dockerfile")))
                .as("the image's own user")
                .contains("--uid " + user + " ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void every_environment_variable_given_to_an_application_is_one_it_reads(String application) throws IOException {
        Set<String> placeholders = ComposeFileTest.placeholdersReadBy(application);
        Set<String> ownProperties = ConfigurationMetadata.jobsProperties(APPLICATIONS.get(application)).stream()
                .map(ConfigurationMetadata.Property::name)
                .collect(Collectors.toSet());
        Set<String> springProperties = springPropertyNames();
        List<Pattern> documented = documentedVariables();

        assertThat(environment(application).keySet()).isNotEmpty().allSatisfy(variable -> {
            if (variable.startsWith("JOBS_")) {
                assertThat(placeholders.contains(variable) || bindsToOneOf(variable, ownProperties))
                        .as("%s reads %s (placeholders %s)", application, variable, placeholders)
                        .isTrue();
                assertThat(documented)
                        .as("%s is in docs/configuration.md", variable)
                        .anyMatch(pattern -> pattern.matcher(variable).matches());
            } else {
                assertThat(bindsToOneOf(variable, springProperties))
                        .as("%s is a Spring Boot property of %s", variable, application)
                        .isTrue();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void config_maps_and_secrets_hold_each_variable_under_its_own_name(String application) {
        Set<String> used = new HashSet<>();
        for (Object entry : list(container(application).get("env"))) {
            Map<String, Object> variable = map(entry);
            Map<String, Object> from = variable.containsKey("valueFrom") ? map(variable.get("valueFrom")) : Map.of();
            Object ref = from.getOrDefault("configMapKeyRef", from.get("secretKeyRef"));
            if (ref == null) {
                assertThat(variable).containsKey("value");
                continue;
            }
            Map<String, Object> key = map(ref);
            assertThat(key.get("key")).isEqualTo(variable.get("name"));
            if (from.containsKey("secretKeyRef")) {
                assertThat(key.get("name")).isEqualTo(SECRET);
            } else {
                assertThat(configMap(String.valueOf(key.get("name")))).containsKey(String.valueOf(key.get("key")));
                used.add(key.get("name") + "/" + key.get("key"));
            }
        }
        String own = application + "-config";
        assertThat(configMap(own).keySet())
                .as("keys of %s that no variable of %s reads", own, application)
                .allSatisfy(key -> assertThat(used).contains(own + "/" + key));
    }

    @Test
    void the_api_gateway_serves_its_api_and_its_actuator_on_the_ports_the_service_and_probes_use() throws IOException {
        Map<String, String> env = environment("api-gateway");
        int apiPort = serverPort("api-gateway", env);
        int actuatorPort = actuatorPort("api-gateway", env);

        assertThat(containerPort("api-gateway", "http")).isEqualTo(apiPort);
        assertThat(actuatorPort)
                .as("open metrics need the actuator on its own port (SecurityConfiguration)")
                .isNotEqualTo(apiPort);
        assertThat(env).containsEntry("JOBS_SECURITY_OPEN_METRICS", "true");
        Map<String, Object> service = object("Service", "api-gateway");
        assertThat(list(map(service.get("spec")).get("ports")))
                .extracting(port -> map(port).get("targetPort"))
                .containsExactly("http");
        assertThat(map(map(service.get("spec")).get("selector")))
                .isEqualTo(podLabels("api-gateway").entrySet().stream()
                        .filter(label -> label.getKey().equals("app.kubernetes.io/name"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    @Test
    void workers_listen_on_the_port_their_image_sets_and_never_on_a_random_one() throws IOException {
        Map<String, String> env = environment("worker");
        int port = serverPort("worker", env);
        List<String> dockerfile = Files.readAllLines(REPOSITORY.resolve("worker/Dockerfile"));

        assertThat(port).isPositive();
        assertThat(actuatorPort("worker", env)).isEqualTo(port);
        assertThat(containerPort("worker", "management")).isEqualTo(port);
        assertThat(dockerfile).contains("ENV JOBS_WORKER_PORT=" + port, "EXPOSE " + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void probes_ask_the_actuator_port_for_health_groups_the_application_exposes(String application) throws IOException {
        Map<String, Object> settings = applicationYaml(application);
        String basePath = String.valueOf(
                at(settings, "management.endpoints.web.base-path").orElse("/actuator"));
        Set<String> groups = healthGroups(settings);
        int actuatorPort = actuatorPort(application, environment(application));
        Map<String, Object> container = container(application);

        for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertThat(containerPort(application, String.valueOf(get.get("port"))))
                    .as("%s port of %s", probe, application)
                    .isEqualTo(actuatorPort);
            String path = String.valueOf(get.get("path"));
            assertThat(path).as("%s path of %s", probe, application).startsWith(basePath + "/health/");
            assertThat(groups)
                    .as("health groups of %s", application)
                    .contains(path.substring((basePath + "/health/").length()));
        }
        assertThat(path(container, "livenessProbe")).endsWith("/liveness");
        assertThat(path(container, "readinessProbe")).endsWith("/readiness");
        assertThat(exposedEndpoints(settings)).contains("health");
    }

    @Test
    void a_worker_with_too_many_stuck_threads_fails_its_liveness_probe_so_kubernetes_restarts_it() throws IOException {
        Map<String, Object> settings = applicationYaml("worker");
        String stuckThreads = "stuckThreads";

        assertThat(Files.readString(REPOSITORY.resolve(
                        "worker/src/main/java/dev/connectorjobs/worker/execution/StuckThreadsHealth.java")))
                .contains("@Component(\"" + stuckThreads + "\")");
        assertThat(Arrays.asList(String.valueOf(at(settings, "management.endpoint.health.group.liveness.include")
                                .orElseThrow())
                        .split(",")))
                .contains("livenessState", stuckThreads);
        assertThat(path(container("worker"), "livenessProbe")).endsWith("/health/liveness");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void prometheus_scrapes_every_pod_on_the_actuator_port_without_a_key(String application) throws Exception {
        Map<String, Object> monitor = monitoringObject("PodMonitor", application);
        Map<String, Object> spec = map(monitor.get("spec"));
        Map<String, Object> settings = applicationYaml(application);
        String basePath = String.valueOf(
                at(settings, "management.endpoints.web.base-path").orElse("/actuator"));

        assertThat(podLabels(application))
                .containsAllEntriesOf(mapOfStrings(map(spec.get("selector")).get("matchLabels")));
        assertThat(podLabels(application)).containsKey(String.valueOf(spec.get("jobLabel")));
        assertThat(exposedEndpoints(settings)).contains("prometheus");
        assertThat(Files.readString(REPOSITORY.resolve(application).resolve("pom.xml")))
                .contains("<artifactId>micrometer-registry-prometheus</artifactId>");
        Map<String, String> env = environment(application);
        assertThat(list(spec.get("podMetricsEndpoints"))).singleElement().satisfies(endpoint -> {
            Map<String, Object> scrape = map(endpoint);
            assertThat(scrape).containsEntry("path", basePath + "/prometheus");
            assertThat(containerPort(application, String.valueOf(scrape.get("port"))))
                    .isEqualTo(actuatorPort(application, env));
        });
    }

    @Test
    void workers_are_given_longer_to_stop_than_their_drain_and_each_shutdown_phase() throws IOException {
        Duration drain = durationSetting("worker", "JOBS_WORKER_DRAIN_TIMEOUT", "jobs.worker.drain-timeout");
        Duration phase = shutdownPhase("worker");
        Duration grace = terminationGrace("worker");

        assertThat(drain).isEqualTo(Duration.ofSeconds(30));
        assertThat(grace).isGreaterThanOrEqualTo(drain.plus(SHUTDOWN_MARGIN));
        assertThat(grace).isGreaterThanOrEqualTo(phase.plus(SHUTDOWN_MARGIN));
        assertThat(container("worker")).doesNotContainKey("lifecycle");
    }

    @Test
    void the_api_gateway_waits_for_the_endpoints_to_go_then_shuts_down_gracefully_before_it_is_killed()
            throws IOException {
        List<String> preStop =
                strings(map(map(map(container("api-gateway").get("lifecycle")).get("preStop"))
                                .get("exec"))
                        .get("command"));
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        Duration sleep = Duration.ofSeconds(Long.parseLong(preStop.get(1)));

        assertThat(at(applicationYaml("api-gateway"), "server.shutdown")).contains("graceful");
        assertThat(terminationGrace("api-gateway")).isGreaterThan(sleep.plus(shutdownPhase("api-gateway")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"api-gateway", "worker"})
    void each_application_has_a_disruption_budget_that_keeps_one_pod_and_resources(String application) {
        Map<String, Object> budget =
                map(object("PodDisruptionBudget", application).get("spec"));
        assertThat(podLabels(application))
                .containsAllEntriesOf(mapOfStrings(map(budget.get("selector")).get("matchLabels")));
        assertThat(budget).containsAnyOf(Map.entry("minAvailable", 1), Map.entry("maxUnavailable", 1));
        Map<String, Object> resources = map(container(application).get("resources"));
        assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
        assertThat(map(resources.get("limits"))).containsKey("memory");
    }

    @Test
    void the_scaled_object_scales_the_worker_deployment_on_ready_and_running_jobs_per_slot() throws IOException {
        Map<String, Object> spec = map(object("ScaledObject", "worker").get("spec"));
        Map<String, Object> target = map(spec.get("scaleTargetRef"));
        Map<String, Object> deployment = map(object("Deployment", "worker").get("spec"));
        int slots = intSetting("worker", "JOBS_WORKER_CONCURRENCY", "jobs.worker.concurrency");
        List<String> queues = Arrays.asList(stringSetting("worker", "JOBS_WORKER_QUEUES", "jobs.worker.queues")
                .split("\\s*,\\s*"));

        assertThat(target).containsEntry("kind", "Deployment").containsEntry("name", "worker");
        assertThat(deployment).as("replicas belong to the autoscaler").doesNotContainKey("replicas");
        List<Map<String, Object>> triggers = list(spec.get("triggers")).stream()
                .map(KubernetesManifestsTest::map)
                .toList();
        assertThat(triggers).isNotEmpty().allSatisfy(trigger -> {
            assertThat(trigger).containsEntry("type", "prometheus");
            String query = String.valueOf(map(trigger.get("metadata")).get("query"));
            assertThat(metricNames(query)).isNotEmpty().isSubsetOf(SCALING_METRICS);
            assertThat(labelValues(query, "queue")).isNotEmpty().isSubsetOf(queues);
            assertThat(labelValues(query, "job"))
                    .as("the job label Prometheus gives the api-gateway (its PodMonitor's jobLabel)")
                    .isSubsetOf(podLabels("api-gateway")
                            .get(String.valueOf(map(monitoringObject("PodMonitor", "api-gateway")
                                            .get("spec"))
                                    .get("jobLabel"))));
            assertThat(map(trigger.get("metadata")))
                    .as("no metrics must not read as no demand")
                    .containsEntry("ignoreNullValues", "false");
        });
        assertThat(triggers)
                .filteredOn(trigger -> metricNames(query(trigger)).contains("jobs_ready"))
                .singleElement()
                .satisfies(trigger -> {
                    assertThat(metricNames(query(trigger))).contains("jobs_running");
                    assertThat(trigger).containsEntry("metricType", "AverageValue");
                    assertThat(map(trigger.get("metadata"))).containsEntry("threshold", String.valueOf(slots));
                });
        assertThat(triggers)
                .filteredOn(trigger -> metricNames(query(trigger)).contains("jobs_ready_oldest_age_seconds"))
                .singleElement()
                .satisfies(trigger -> assertThat(trigger).containsEntry("metricType", "Value"));
    }

    @Test
    void the_scaled_object_never_asks_for_more_workers_than_the_queue_topics_have_partitions() throws IOException {
        Map<String, Object> spec = map(object("ScaledObject", "worker").get("spec"));
        int partitions = intSetting("worker", "JOBS_WORKER_TOPIC_PARTITIONS", "jobs.worker.topic-partitions");
        int consumersPerWorker = intSetting("worker", "JOBS_WORKER_CONSUMERS", "jobs.worker.consumers");
        int min = ((Number) spec.get("minReplicaCount")).intValue();
        int max = ((Number) spec.get("maxReplicaCount")).intValue();
        Object maxUnavailable =
                map(object("PodDisruptionBudget", "worker").get("spec")).get("maxUnavailable");

        assertThat(max * consumersPerWorker)
                .as("consumers of the largest fleet; a consumer beyond the partition count gets none")
                .isLessThanOrEqualTo(partitions);
        assertThat(max).isGreaterThanOrEqualTo(min);
        assertThat(min).isGreaterThan(((Number) maxUnavailable).intValue());
    }

    @Test
    void the_api_accepts_every_queue_the_workers_consume() throws IOException {
        Set<String> accepted = Set.of(stringSetting("api-gateway", "JOBS_API_QUEUES", "jobs.api.queues")
                .split("\\s*,\\s*"));
        assertThat(stringSetting("worker", "JOBS_WORKER_QUEUES", "jobs.worker.queues")
                        .split("\\s*,\\s*"))
                .isSubsetOf(accepted);
    }

    @Test
    void the_dashboard_and_the_alerts_read_only_metrics_the_services_export_or_issue_21_defines() throws IOException {
        Set<String> known = knownMetricNames();
        Set<String> used = new LinkedHashSet<>();
        dashboardQueries().forEach(query -> used.addAll(metricNames(query)));
        alertRules().forEach(rule -> used.addAll(metricNames(String.valueOf(rule.get("expr")))));

        assertThat(used)
                .contains(
                        "jobs_ready",
                        "jobs_ready_oldest_age_seconds",
                        "jobs_finished_total",
                        "jobs_queue_wait_seconds_bucket",
                        "jobs_run_seconds_bucket",
                        "jobs_end_to_end_seconds_bucket",
                        "jobs_worker_slots",
                        "resilience4j_circuitbreaker_state",
                        "jobs_webhooks_attempts_total")
                .allSatisfy(name ->
                        assertThat(known).as("metrics the services export").contains(name));
    }

    @Test
    void the_breaker_states_the_dashboard_and_alerts_match_are_states_resilience4j_exports() throws IOException {
        Set<String> states = Arrays.stream(CircuitBreaker.State.values())
                .map(state -> state.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        List<String> queries = new ArrayList<>(dashboardQueries());
        alertRules().forEach(rule -> queries.add(String.valueOf(rule.get("expr"))));

        assertThat(queries.stream()
                        .filter(query -> query.contains("resilience4j_circuitbreaker_state"))
                        .flatMap(query -> Pattern.compile("\\bstate\\s*[=!]~?\\s*\"([^\"]*)\"")
                                .matcher(query)
                                .results()
                                .flatMap(result -> Arrays.stream(result.group(1).split("\\|")))))
                .isNotEmpty()
                .allSatisfy(state -> assertThat(states).contains(state));
    }

    @Test
    void the_alerts_cover_breakers_waiting_jobs_poison_stuck_threads_leases_and_the_dispatcher() {
        Map<String, Set<String>> metricsByAlert = alertRules().stream()
                .collect(Collectors.toMap(
                        rule -> String.valueOf(rule.get("alert")),
                        rule -> metricNames(String.valueOf(rule.get("expr")))));

        assertThat(metricsByAlert.values().stream().flatMap(Set::stream))
                .contains(
                        "resilience4j_circuitbreaker_state",
                        "jobs_ready_oldest_age_seconds",
                        "jobs_poisoned_total",
                        "jobs_worker_stuck_threads",
                        "jobs_worker_lease_renewals_failed_total",
                        "jobs_dispatch_oldest_unconfirmed_age_seconds");
    }

    @Test
    void every_alert_is_explained_in_the_operations_guide() throws IOException {
        String guide = Files.readString(REPOSITORY.resolve("docs/operations.md"));

        assertThat(alertRules()).isNotEmpty().allSatisfy(rule -> {
            String alert = String.valueOf(rule.get("alert"));
            assertThat(guide).as("a section for %s", alert).contains("\n### " + alert + "\n");
            assertThat(map(rule.get("annotations")))
                    .containsEntry("runbook", "docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(map(rule.get("labels"))).containsKey("severity");
        });
        assertThat(Files.readString(REPOSITORY.resolve("README.md"))).contains("(docs/operations.md)");
    }

    @Test
    void the_metric_name_reader_skips_functions_labels_ranges_and_grouping() {
        assertThat(
                        metricNames(
                                "histogram_quantile(0.99, sum by (le, queue) (rate(jobs_run_seconds_bucket{queue=~\"$queue\"}[$__rate_interval])))"
                                        + " / on (queue) group_left max without (pod) (jobs_ready offset 5m) or vector(0) > bool 1e3"))
                .containsExactlyInAnyOrder("jobs_run_seconds_bucket", "jobs_ready");
        assertThat(metricNames("label_values(jobs_ready{queue=~\"$queue\"}, connector)"))
                .containsExactly("jobs_ready");
    }

    // --- metrics ---

    /**
     * Every Prometheus name the services export or will: the meters their code builds, the meters of
     * issue 21, resilience4j's breaker and retry meters as the worker binds them, and Prometheus' own.
     */
    private static Set<String> knownMetricNames() throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // The issue's metrics first, with their base units: a builder found in the code names the
        // meter but not its unit (set on another line), and the first registration of a name wins.
        ISSUE_METRICS.forEach(metric -> register(registry, metric.type(), metric.name(), metric.baseUnit()));
        for (String module : List.of("api-gateway", "worker", "common")) {
            for (String source : javaSources(REPOSITORY.resolve(module).resolve("src/main/java"))) {
                Matcher builder = METER_BUILDER.matcher(source);
                while (builder.find()) {
                    register(registry, builder.group(1), builder.group(2), null);
                }
            }
        }
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.ofDefaults();
        breakers.circuitBreaker("servicenow");
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(registry);
        RetryRegistry retries = RetryRegistry.ofDefaults();
        retries.retry("servicenow");
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(registry);

        Set<String> names = registry.scrape()
                .lines()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(HashSet::new));
        names.addAll(PROMETHEUS_OWN);
        return names;
    }

    private static void register(MeterRegistry registry, String type, String name, String baseUnit) {
        switch (type) {
            case "Counter", "FunctionCounter" ->
                Counter.builder(name).baseUnit(baseUnit).register(registry).increment();
            case "Gauge" -> Gauge.builder(name, () -> 1).baseUnit(baseUnit).register(registry);
            case "Timer" ->
                Timer.builder(name)
                        .publishPercentileHistogram()
                        .register(registry)
                        .record(Duration.ofMillis(5));
            default -> throw new IllegalArgumentException(type);
        }
    }

    private record IssueMetric(String type, String name, String baseUnit) {

        static IssueMetric counter(String name) {
            return new IssueMetric("Counter", name, null);
        }

        static IssueMetric histogram(String name) {
            return new IssueMetric("Timer", name, null);
        }

        static IssueMetric gauge(String name, String baseUnit) {
            return new IssueMetric("Gauge", name, baseUnit);
        }
    }

    /**
     * The metric names a PromQL expression reads: identifiers that are not functions, keywords,
     * label names or values, ranges or Grafana variables. {@code label_values(metric, label)} (a
     * Grafana variable query) reads its metric.
     */
    static Set<String> metricNames(String promql) {
        String text = promql.replaceAll("label_values\\(\\s*([^,{]*(?:\\{[^}]*})?)\\s*,\\s*\\w+\\s*\\)", "$1")
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^\\]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\$\\w+", " ");
        Set<String> keywords = Set.of(
                "and",
                "or",
                "unless",
                "bool",
                "offset",
                "by",
                "without",
                "on",
                "ignoring",
                "group_left",
                "group_right",
                "inf",
                "nan");
        Set<String> names = new LinkedHashSet<>();
        Matcher identifier =
                Pattern.compile("(?<![\\w:.])([a-zA-Z_:][\\w:]*+)(?!\\s*\\()").matcher(text);
        while (identifier.find()) {
            if (!keywords.contains(identifier.group(1).toLowerCase(Locale.ROOT))) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** The values a query matches {@code label} against with {@code =}. */
    private static Set<String> labelValues(String promql, String label) {
        return Pattern.compile("\\b" + label + "\\s*=\\s*\"([^\"]*)\"")
                .matcher(promql)
                .results()
                .map(result -> result.group(1))
                .collect(Collectors.toSet());
    }

    private static String query(Map<String, Object> trigger) {
        return String.valueOf(map(trigger.get("metadata")).get("query"));
    }

    private static List<String> dashboardQueries() throws IOException {
        JsonNode dashboard;
        try (InputStream in = Files.newInputStream(DEPLOY.resolve("monitoring/dashboard.json"))) {
            dashboard = JsonMapper.builder().build().readTree(in);
        }
        List<String> queries = new ArrayList<>();
        dashboard.findValues("expr").forEach(expr -> queries.add(expr.asString()));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asString("").equals("query")) {
                JsonNode query = variable.path("query");
                queries.add(query.isObject() ? query.path("query").asString() : query.asString());
            }
        }
        assertThat(queries).as("queries of the dashboard").hasSizeGreaterThan(20);
        return queries;
    }

    private static List<Map<String, Object>> alertRules() {
        Map<String, Object> rules = monitoringObject("PrometheusRule", "connector-jobs");
        return list(map(rules.get("spec")).get("groups")).stream()
                .flatMap(group -> list(map(group).get("rules")).stream())
                .map(KubernetesManifestsTest::map)
                .toList();
    }

    // --- the applications' configuration ---

    private static Map<String, Object> applicationYaml(String application) throws IOException {
        return yaml(
                REPOSITORY.resolve(application).resolve("src/main/resources").resolve(application + ".yml"));
    }

    /** A dotted path into a YAML map, where a key may itself contain dots or dashes. */
    private static Optional<Object> at(Map<String, Object> settings, String path) {
        Object node = settings;
        for (String key : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return Optional.empty();
            }
            node = map.get(key);
        }
        return Optional.ofNullable(node);
    }

    private static Set<String> exposedEndpoints(Map<String, Object> settings) {
        return Set.of(String.valueOf(at(settings, "management.endpoints.web.exposure.include")
                        .orElse("health"))
                .split("\\s*,\\s*"));
    }

    /** {@code liveness} and {@code readiness} with probes enabled, and every group configured. */
    private static Set<String> healthGroups(Map<String, Object> settings) {
        Set<String> groups = new HashSet<>();
        if (Boolean.TRUE.equals(
                at(settings, "management.endpoint.health.probes.enabled").orElse(false))) {
            groups.addAll(List.of("liveness", "readiness"));
        }
        at(settings, "management.endpoint.health.group")
                .ifPresent(group -> groups.addAll(mapOfStrings(group).keySet()));
        return groups;
    }

    /** The HTTP port: {@code server.port}'s placeholder resolved with the manifest's environment. */
    private static int serverPort(String application, Map<String, String> env) throws IOException {
        return Integer.parseInt(resolve(
                String.valueOf(at(applicationYaml(application), "server.port").orElseThrow()), env));
    }

    /** Where the actuator listens: {@code management.server.port} if set, else the HTTP port. */
    private static int actuatorPort(String application, Map<String, String> env) throws IOException {
        if (env.containsKey("MANAGEMENT_SERVER_PORT")) {
            return Integer.parseInt(env.get("MANAGEMENT_SERVER_PORT"));
        }
        Optional<Object> configured = at(applicationYaml(application), "management.server.port");
        if (configured.isPresent()) {
            return Integer.parseInt(resolve(String.valueOf(configured.get()), env));
        }
        return serverPort(application, env);
    }

    private static String resolve(String value, Map<String, String> env) {
        Matcher placeholder = PLACEHOLDER.matcher(value);
        if (!placeholder.matches()) {
            return value;
        }
        String variable = placeholder.group(1);
        assertThat(env).as("the manifest sets %s", variable).containsKey(variable);
        return env.get(variable);
    }

    private static Duration shutdownPhase(String application) throws IOException {
        return at(applicationYaml(application), "spring.lifecycle.timeout-per-shutdown-phase")
                .map(value -> DurationStyle.detectAndParse(String.valueOf(value)))
                .orElse(DEFAULT_SHUTDOWN_PHASE);
    }

    /** A setting as the manifest gives it, else the application's default from its metadata. */
    private static String stringSetting(String application, String variable, String property) throws IOException {
        String value = environment(application).get(variable);
        if (value != null) {
            return value;
        }
        return ConfigurationMetadata.jobsProperties(APPLICATIONS.get(application)).stream()
                .filter(p -> p.name().equals(property))
                .findFirst()
                .orElseThrow(() -> new AssertionError(application + " has no property " + property))
                .defaultValue()
                .orElseThrow();
    }

    private static int intSetting(String application, String variable, String property) throws IOException {
        return Integer.parseInt(stringSetting(application, variable, property));
    }

    private static Duration durationSetting(String application, String variable, String property) throws IOException {
        return DurationStyle.detectAndParse(stringSetting(application, variable, property));
    }

    /**
     * Whether Spring Boot binds environment variable {@code variable} to one of {@code properties}
     * or to an entry of one of them: {@code jobs.worker.drain-timeout} is {@code
     * JOBS_WORKER_DRAIN_TIMEOUT} or {@code JOBS_WORKER_DRAINTIMEOUT}.
     */
    private static boolean bindsToOneOf(String variable, Set<String> properties) {
        return properties.stream().anyMatch(property -> {
            String upper = property.toUpperCase(Locale.ROOT).replace('.', '_');
            return Stream.of(upper.replace('-', '_'), upper.replace("-", ""))
                    .anyMatch(form -> variable.equals(form) || variable.startsWith(form + "_"));
        });
    }

    /** Every property of the Spring configuration metadata on the class path (Spring Boot's own among them). */
    private static Set<String> springPropertyNames() throws IOException {
        Set<String> names = new HashSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL url : Collections.list(KubernetesManifestsTest.class
                .getClassLoader()
                .getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = url.openStream()) {
                json.readTree(in)
                        .path("properties")
                        .forEach(p -> names.add(p.path("name").asString()));
            }
        }
        assertThat(names).contains("management.server.port");
        return names;
    }

    /** The environment variables of docs/configuration.md, {@code <NAME>} matching any name. */
    private static List<Pattern> documentedVariables() throws IOException {
        return DOCUMENTED_VARIABLE
                .matcher(Files.readString(REPOSITORY.resolve("docs/configuration.md")))
                .results()
                .map(result -> Pattern.compile(Arrays.stream(result.group(1).split("<[A-Z]+>", -1))
                        .map(Pattern::quote)
                        .collect(Collectors.joining("[A-Z0-9_]+"))))
                .toList();
    }

    private static List<String> javaSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                    .map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }

    // --- the manifests ---

    private static Map<String, Object> podSpec(String application) {
        return map(map(map(object("Deployment", application).get("spec")).get("template"))
                .get("spec"));
    }

    private static Map<String, Object> container(String application) {
        Map<String, Object> pod = podSpec(application);
        List<Object> containers = list(pod.get("containers"));
        assertThat(containers).hasSize(1);
        Map<String, Object> container = map(containers.get(0));
        assertThat(container).containsEntry("name", application);
        return container;
    }

    private static Map<String, String> podLabels(String application) {
        return mapOfStrings(
                map(map(map(object("Deployment", application).get("spec")).get("template"))
                                .get("metadata"))
                        .get("labels"));
    }

    private static Duration terminationGrace(String application) {
        Map<String, Object> pod = podSpec(application);
        return Duration.ofSeconds(((Number) pod.get("terminationGracePeriodSeconds")).longValue());
    }

    private static int containerPort(String application, String portName) {
        return list(container(application).get("ports")).stream()
                .map(KubernetesManifestsTest::map)
                .filter(port -> portName.equals(port.get("name")))
                .map(port -> ((Number) port.get("containerPort")).intValue())
                .findFirst()
                .orElseThrow(() -> new AssertionError(application + " has no container port named " + portName));
    }

    private static String path(Map<String, Object> container, String probe) {
        return String.valueOf(map(map(container.get(probe)).get("httpGet")).get("path"));
    }

    /** The container's environment with values from literals and the base's ConfigMaps; secrets as {@code <secret>}. */
    private static Map<String, String> environment(String application) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container(application).get("env"))) {
            Map<String, Object> variable = map(entry);
            String name = String.valueOf(variable.get("name"));
            if (variable.containsKey("value")) {
                env.put(name, String.valueOf(variable.get("value")));
            } else {
                Map<String, Object> from = map(variable.get("valueFrom"));
                if (from.containsKey("configMapKeyRef")) {
                    Map<String, Object> ref = map(from.get("configMapKeyRef"));
                    env.put(name, configMap(String.valueOf(ref.get("name"))).get(String.valueOf(ref.get("key"))));
                } else {
                    env.put(name, "<secret>");
                }
            }
        }
        return env;
    }

    private static Map<String, String> configMap(String name) {
        return mapOfStrings(object("ConfigMap", name).get("data"));
    }

    private static Map<String, Object> object(String kind, String name) {
        return find(base, kind, name);
    }

    private static Map<String, Object> monitoringObject(String kind, String name) {
        return find(monitoring, kind, name);
    }

    private static Map<String, Object> find(List<Map<String, Object>> objects, String kind, String name) {
        return objects.stream()
                .filter(object -> kind(object).equals(kind) && name(object).equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static String kind(Map<String, Object> object) {
        return String.valueOf(object.get("kind"));
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(map(object.get("metadata")).get("name"));
    }

    /** Every object of the files a kustomization lists. */
    private static List<Map<String, Object>> objectsOf(Path directory) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        for (String resource :
                strings(yaml(directory.resolve("kustomization.yaml")).get("resources"))) {
            try (Reader reader = Files.newBufferedReader(directory.resolve(resource))) {
                for (Object document : new Yaml().loadAll(reader)) {
                    if (document != null) {
                        objects.add(map(document));
                    }
                }
            }
        }
        return objects;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            return map(new Yaml().load(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertThat(yaml).isInstanceOf(Map.class);
        return (Map<String, Object>) yaml;
    }

    private static Map<String, String> mapOfStrings(Object yaml) {
        Map<String, String> strings = new HashMap<>();
        map(yaml).forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object yaml) {
        assertThat(yaml).isInstanceOf(List.class);
        return (List<Object>) yaml;
    }

    private static List<String> strings(Object yaml) {
        return list(yaml).stream().map(String::valueOf).toList();
    }
}
