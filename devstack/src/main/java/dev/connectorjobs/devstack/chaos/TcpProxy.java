package dev.connectorjobs.devstack.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A TCP proxy on 127.0.0.1 that the runner can cut and restore: how PostgreSQL becomes unreachable
 * for one worker while it stays reachable for the rest.
 *
 * <p>A cut is a black hole, as a network partition is, not a refusal: bytes stop flowing both ways
 * and new connections are accepted but go nowhere, so a client notices only through its own
 * timeouts. Restoring resets every connection that existed during the cut (after a partition that
 * long, its peer has given up on it) and forwards new ones again. A thread per direction per
 * connection; a worker holds a handful of connections.
 */
final class TcpProxy implements AutoCloseable {

    private static final int BUFFER = 16 * 1024;

    private final ServerSocket server;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile @Nullable InetSocketAddress target;
    /** Links of an older generation than this were open during a cut. */
    private long generation;

    private boolean cut;

    TcpProxy(String name) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("proxy-" + name).start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Where connections go; set once the stack has chosen its database port. */
    void target(InetSocketAddress address) {
        target = address;
    }

    /** Stops every byte and connection from reaching the target. */
    void cut() {
        synchronized (gate) {
            cut = true;
            generation++;
        }
    }

    /** Resets the connections that were open during the cut and lets new ones through again. */
    void restore() {
        long current;
        synchronized (gate) {
            cut = false;
            current = ++generation;
            gate.notifyAll();
        }
        links.stream().filter(link -> link.generation < current).forEach(Link::close);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        links.forEach(Link::close);
        restore();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofPlatform().daemon().name("proxy-link").start(() -> open(client));
            } catch (IOException e) {
                // closed, or a failed accept: the client sees it
            }
        }
    }

    private void open(Socket client) {
        long admitted = awaitOpen();
        InetSocketAddress address = target;
        if (admitted < 0 || address == null) {
            closeQuietly(client);
            return;
        }
        try {
            Socket upstream = new Socket();
            upstream.connect(address, 5_000);
            Link link = new Link(client, upstream, admitted);
            links.add(link);
            Thread.ofPlatform().daemon().name("proxy-up").start(() -> pump(link, client, upstream));
            pump(link, upstream, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /**
     * Waits while the proxy is cut.
     *
     * @return the generation to open a connection in, or -1 when a cut came and went meanwhile (the
     *     connection was held through it and is reset)
     */
    private long awaitOpen() {
        synchronized (gate) {
            long arrived = generation;
            boolean held = false;
            while (cut) {
                held = true;
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            return held || arrived != generation ? -1 : generation;
        }
    }

    /** Whether bytes of a link opened in {@code linkGeneration} may flow; waits through a cut. */
    private boolean mayFlow(long linkGeneration) {
        synchronized (gate) {
            while (cut) {
                try {
                    gate.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return linkGeneration == generation;
        }
    }

    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!mayFlow(link.generation)) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed or was reset: the link ends
        } finally {
            link.close();
            links.remove(link);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // a reset, as a peer that gave up sends
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** One proxied connection. */
    private static final class Link {
        private final Socket client;
        private final Socket upstream;
        private final long generation;

        Link(Socket client, Socket upstream, long generation) {
            this.client = client;
            this.upstream = upstream;
            this.generation = generation;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }
}
