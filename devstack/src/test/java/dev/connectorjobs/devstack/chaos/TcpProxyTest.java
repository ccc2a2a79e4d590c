package dev.connectorjobs.devstack.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpProxyTest {

    private ServerSocket echo;
    private TcpProxy proxy;

    @BeforeEach
    void startEchoServerBehindProxy() throws IOException {
        echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket socket = echo.accept();
                    Thread.ofVirtual().start(() -> echoBack(socket));
                } catch (IOException e) {
                    return;
                }
            }
        });
        proxy = new TcpProxy("test");
        proxy.target(new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void bytes_flow_both_ways_while_not_cut() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, 'a')).isEqualTo('a');
        }
    }

    @Test
    void a_cut_is_a_black_hole_and_a_restore_resets_the_connections_of_the_cut() throws IOException {
        try (Socket client = connect()) {
            assertThat(roundTrip(client, 'a')).isEqualTo('a');
            proxy.cut();

            // The bound is the behaviour: nothing comes back while cut, however long one waits.
            client.setSoTimeout(500);
            assertThatThrownBy(() -> roundTrip(client, 'b')).isInstanceOf(SocketTimeoutException.class);

            proxy.restore();
            client.setSoTimeout(10_000);
            assertThat(readOrReset(client.getInputStream())).isEqualTo(-1);
        }
        try (Socket fresh = connect()) {
            assertThat(roundTrip(fresh, 'c')).isEqualTo('c');
        }
    }

    @Test
    void a_connection_opened_during_a_cut_goes_nowhere_and_is_reset_by_the_restore() throws IOException {
        proxy.cut();
        try (Socket client = connect()) {
            client.setSoTimeout(500);
            assertThatThrownBy(() -> roundTrip(client, 'a')).isInstanceOf(SocketTimeoutException.class);

            proxy.restore();
            client.setSoTimeout(10_000);
            assertThat(readOrReset(client.getInputStream())).isEqualTo(-1);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5_000);
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static int roundTrip(Socket socket, char c) throws IOException {
        socket.getOutputStream().write(c);
        socket.getOutputStream().flush();
        return socket.getInputStream().read();
    }

    /** -1 for an end of stream or a reset: either way the connection is gone. */
    private static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            return -1;
        }
    }

    private static void echoBack(Socket socket) {
        try (socket;
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream()) {
            int b;
            while ((b = in.read()) >= 0) {
                out.write(b);
                out.flush();
            }
        } catch (IOException e) {
            // the proxy reset the connection
        }
    }
}
