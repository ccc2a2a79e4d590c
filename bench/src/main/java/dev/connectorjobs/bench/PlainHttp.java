package dev.connectorjobs.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jspecify.annotations.Nullable;

/**
 * A small blocking HTTP/1.1 client for the bench's requests: plain {@code http}, keep-alive
 * connections taken from a pool, one request at a time on each. The bench shares two cores with
 * the stack it measures, and {@link java.net.http.HttpClient} spent about 0.5 ms of CPU per
 * request handing each one between its own threads; this client writes the request and reads the
 * answer on the calling thread.
 *
 * <p>It reads answers with a {@code Content-Length} or {@code Transfer-Encoding: chunked}, closes
 * a connection the server asks to close or that fails, and sends a {@code GET} once more when a
 * reused connection fails (a {@code POST} never).
 *
 * <p>Public for the fault runner's load, which spreads submissions over several api-gateways.
 */
public final class PlainHttp implements Closeable {

    private static final int MAX_HEADER_LINE = 16 * 1024;
    /** Far below the servers' keep-alive timeouts (Tomcat's default is 20 s), so they never close one first. */
    private static final long MAX_IDLE_NANOS = Duration.ofSeconds(5).toNanos();

    private final String host;
    private final int port;
    private final String hostHeader;
    private final int connectTimeoutMillis;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    /** An answer: its status code and its body as text. */
    public record Response(int statusCode, String body) {}

    /**
     * A client for one server.
     *
     * @param server the server's base URL; only {@code http} is supported
     * @param connectTimeout how long opening a connection may take
     */
    public PlainHttp(URI server, Duration connectTimeout) {
        if (!"http".equals(server.getScheme()) || server.getHost() == null) {
            throw new IllegalArgumentException("the bench's client speaks plain http to a host, not " + server);
        }
        this.host = server.getHost();
        this.port = server.getPort() == -1 ? 80 : server.getPort();
        this.hostHeader = server.getPort() == -1 ? host : host + ":" + port;
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
    }

    /** {@code POST} of a JSON body. */
    Response post(URI uri, String authorization, String json, Duration timeout) throws IOException {
        return post(uri, authorization, Map.of(), json, timeout);
    }

    /**
     * {@code POST} of a JSON body with more request headers (e.g. {@code Idempotency-Key}); their
     * names and values must be plain ASCII without line breaks.
     */
    public Response post(URI uri, String authorization, Map<String, String> headers, String json, Duration timeout)
            throws IOException {
        return exchange("POST", uri, authorization, headers, json.getBytes(StandardCharsets.UTF_8), timeout);
    }

    /** {@code GET}. */
    public Response get(URI uri, String authorization, Duration timeout) throws IOException {
        return exchange("GET", uri, authorization, Map.of(), null, timeout);
    }

    private Response exchange(
            String method,
            URI uri,
            String authorization,
            Map<String, String> headers,
            byte @Nullable [] body,
            Duration timeout)
            throws IOException {
        if (closed) {
            throw new IOException("the bench's HTTP client is closed");
        }
        StringBuilder head = new StringBuilder(256).append(method).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            head.append('?').append(uri.getRawQuery());
        }
        head.append(" HTTP/1.1\r\nHost: ")
                .append(hostHeader)
                .append("\r\nAuthorization: ")
                .append(authorization)
                .append("\r\nAccept: application/json\r\n");
        headers.forEach((name, value) -> {
            if (!isHeaderText(name) || !isHeaderText(value)) {
                throw new IllegalArgumentException("a request header must be printable ASCII: " + name);
            }
            head.append(name).append(": ").append(value).append("\r\n");
        });
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ")
                    .append(body.length)
                    .append("\r\n");
        }
        head.append("\r\n");
        byte[] request = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        Connection idleConnection = takeIdle();
        if (idleConnection == null) {
            return send(open(), request, body, timeout);
        }
        try {
            return send(idleConnection, request, body, timeout);
        } catch (IOException | RuntimeException e) {
            if (body != null) {
                throw e;
            }
            // A GET on a kept-alive connection the server had just closed: send it once more on a new one. A POST is
            // never sent twice (it could submit a job twice); connections idle for long are not reused for it.
            return send(open(), request, null, timeout);
        }
    }

    /** One exchange on {@code connection}, which goes back to the pool afterwards or is closed if it failed. */
    private Response send(Connection connection, byte[] request, byte @Nullable [] body, Duration timeout)
            throws IOException {
        try {
            Response response = connection.exchange(request, body, timeout);
            release(connection);
            return response;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    private static boolean isHeaderText(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
    }

    /** An idle connection used recently enough that the server keeps it open, or null. */
    private @Nullable Connection takeIdle() {
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (System.nanoTime() - connection.lastUsedNanos < MAX_IDLE_NANOS) {
                return connection;
            }
            connection.close();
        }
        return null;
    }

    private void release(Connection connection) {
        if (connection.keepAlive && !closed) {
            idle.addFirst(connection);
        } else {
            connection.close();
        }
    }

    private Connection open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            return new Connection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Closes the idle connections; a request still under way closes its own when it ends. */
    @Override
    public void close() {
        closed = true;
        Connection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }

    /** One connection, used by one thread at a time. */
    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean keepAlive = true;
        private long lastUsedNanos = System.nanoTime();

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
            this.out = socket.getOutputStream();
        }

        Response exchange(byte[] head, byte @Nullable [] body, Duration timeout) throws IOException {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, timeout.toMillis())));
            if (body == null || head.length + body.length > 64 * 1024) {
                out.write(head);
                if (body != null) {
                    out.write(body);
                }
            } else {
                byte[] whole = new byte[head.length + body.length];
                System.arraycopy(head, 0, whole, 0, head.length);
                System.arraycopy(body, 0, whole, head.length, body.length);
                out.write(whole);
            }
            out.flush();
            String statusLine = readLine();
            // "HTTP/1.1 202 " or "HTTP/1.1 202 Accepted"
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12) {
                throw new IOException("not an HTTP/1.x status line: " + abbreviate(statusLine));
            }
            int status = parseStatus(statusLine);
            long length = -1;
            boolean chunked = false;
            if (statusLine.startsWith("HTTP/1.0")) {
                keepAlive = false;
            }
            String line;
            while (!(line = readLine()).isEmpty()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" ->
                        chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> keepAlive &= !value.equalsIgnoreCase("close");
                    default -> {
                        // not needed
                    }
                }
            }
            byte[] content;
            if (chunked) {
                content = readChunked();
            } else if (length >= 0) {
                content = in.readNBytes(Math.toIntExact(length));
                if (content.length < length) {
                    throw new EOFException("the answer ended after " + content.length + " of " + length + " bytes");
                }
            } else if (status == 204 || status == 304 || status / 100 == 1) {
                content = new byte[0];
            } else {
                content = in.readAllBytes();
                keepAlive = false;
            }
            lastUsedNanos = System.nanoTime();
            return new Response(status, new String(content, StandardCharsets.UTF_8));
        }

        private static int parseStatus(String statusLine) throws IOException {
            try {
                return Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new IOException("no status code in " + abbreviate(statusLine), e);
            }
        }

        private byte[] readChunked() throws IOException {
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int semicolon = sizeLine.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("bad chunk size: " + abbreviate(sizeLine), e);
                }
                if (size == 0) {
                    // Trailers, if any, end with an empty line.
                    while (!readLine().isEmpty()) {
                        // skipped
                    }
                    return content.toByteArray();
                }
                byte[] chunk = in.readNBytes(size);
                if (chunk.length < size) {
                    throw new EOFException("a chunk ended after " + chunk.length + " of " + size + " bytes");
                }
                content.write(chunk);
                readLine();
            }
        }

        /** A line without its CRLF. */
        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder(64);
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_HEADER_LINE) {
                    throw new IOException("a header line longer than " + MAX_HEADER_LINE + " bytes");
                }
                line.append((char) b);
            }
            throw new EOFException("the connection ended inside the answer's head");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }

        private static String abbreviate(String text) {
            return text.length() <= 80 ? text : text.substring(0, 80) + "...";
        }
    }
}
