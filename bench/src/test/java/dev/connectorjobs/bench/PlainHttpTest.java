package dev.connectorjobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PlainHttpTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private HttpServer server;
    private URI base;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String answer = exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body;
            respond(exchange, 202, answer, false);
        });
        server.createContext("/key", exchange -> {
            exchange.getRequestBody().readAllBytes();
            respond(exchange, 200, String.valueOf(exchange.getRequestHeaders().getFirst("Idempotency-Key")), false);
        });
        server.createContext("/chunked", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            respond(exchange, 200, "é".repeat(5000), true);
        });
        server.createContext("/missing", exchange -> respond(exchange, 404, "{\"status\":404}", false));
        server.createContext("/close", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            exchange.getResponseHeaders().add("Connection", "close");
            respond(exchange, 200, "bye", false);
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void respond(HttpExchange exchange, int status, String text, boolean chunked) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, chunked ? 0 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void a_post_sends_its_json_body_and_headers_and_reads_the_answer() throws IOException {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            PlainHttp.Response response = http.post(base.resolve("/echo?x=1"), "Bearer k", "{\"name\":\"ü\"}", TIMEOUT);

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.body()).isEqualTo("POST /echo?x=1 Bearer k application/json {\"name\":\"ü\"}");
        }
    }

    @Test
    void a_post_sends_the_extra_headers_it_is_given() throws IOException {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            PlainHttp.Response response =
                    http.post(base.resolve("/key"), "Bearer k", Map.of("Idempotency-Key", "run-7"), "{}", TIMEOUT);

            assertThat(response.body()).isEqualTo("run-7");
        }
    }

    @Test
    void a_header_that_would_break_the_request_head_is_refused() {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            assertThatThrownBy(() -> http.post(
                            base.resolve("/key"), "Bearer k", Map.of("Idempotency-Key", "a\r\nX: y"), "{}", TIMEOUT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void a_chunked_answer_is_read_whole() throws IOException {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            PlainHttp.Response response = http.get(base.resolve("/chunked"), "Bearer k", TIMEOUT);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("é".repeat(5000));
        }
    }

    @Test
    void requests_one_after_another_share_one_kept_alive_connection() throws IOException {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            for (int i = 0; i < 5; i++) {
                http.get(base.resolve("/chunked"), "Bearer k", TIMEOUT);
                http.post(base.resolve("/echo"), "Bearer k", "{}", TIMEOUT);
            }
        }

        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void a_connection_the_server_closes_is_not_used_again() throws IOException {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            assertThat(http.get(base.resolve("/close"), "Bearer k", TIMEOUT).body())
                    .isEqualTo("bye");
            assertThat(http.get(base.resolve("/close"), "Bearer k", TIMEOUT).body())
                    .isEqualTo("bye");
        }

        assertThat(clientPorts).hasSize(2);
    }

    @Test
    void an_error_status_is_an_answer_not_an_exception() throws IOException {
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            PlainHttp.Response response = http.get(base.resolve("/missing"), "Bearer k", TIMEOUT);

            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"status\":404}");
        }
    }

    @Test
    void a_server_that_is_not_there_is_an_io_error() {
        server.stop(0);
        try (PlainHttp http = new PlainHttp(base, TIMEOUT)) {
            assertThatThrownBy(() -> http.post(base.resolve("/echo"), "Bearer k", "{}", TIMEOUT))
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void only_plain_http_is_spoken() {
        assertThatThrownBy(() -> new PlainHttp(URI.create("https://example.org"), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http");
    }
}
