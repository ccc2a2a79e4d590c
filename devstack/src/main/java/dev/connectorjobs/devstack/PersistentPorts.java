package dev.connectorjobs.devstack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Local TCP ports chosen once and remembered in a properties file, so that a restarted stack keeps
 * its addresses (handy for tools pointed at them). A remembered port that is taken by now is
 * replaced by a fresh one.
 */
final class PersistentPorts {

    private final Path file;
    private final Properties ports = new Properties();
    // Ports handed out by this run. The stack starts its parts concurrently, so a port chosen for one
    // part may not be bound yet when the next is chosen, and the OS can hand the same free port out
    // twice: never give one port to two parts.
    private final Set<Integer> handedOut = new HashSet<>();

    private PersistentPorts(Path file) {
        this.file = file;
    }

    static PersistentPorts load(Path file) throws IOException {
        PersistentPorts loaded = new PersistentPorts(file);
        if (Files.exists(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                loaded.ports.load(reader);
            }
        }
        return loaded;
    }

    /**
     * The remembered port for {@code key} if it is still free, else a new free port; never a port
     * this run handed out for another key.
     */
    int port(String key) throws IOException {
        String remembered = ports.getProperty(key);
        if (remembered != null) {
            int port = Integer.parseInt(remembered.trim());
            if (isFree(port) && handedOut.add(port)) {
                return port;
            }
            Console.progress("port " + port + " for " + key + " is taken now; choosing another one");
        }
        int port = freePort();
        while (!handedOut.add(port)) {
            port = freePort();
        }
        ports.setProperty(key, Integer.toString(port));
        return port;
    }

    void save() throws IOException {
        try (Writer writer = Files.newBufferedWriter(file)) {
            ports.store(writer, "Ports chosen by the devstack; delete this file to choose new ones");
        }
    }

    /** Whether nothing listens on {@code port} on any interface. */
    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
