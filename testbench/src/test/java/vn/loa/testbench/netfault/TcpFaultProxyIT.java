package vn.loa.testbench.netfault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TcpFaultProxyIT {

    private static final Duration BOUND = Duration.ofSeconds(5);

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoServer() throws IOException {
        echo = new ServerSocket();
        echo.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread.ofVirtual().name("tcp-echo").start(() -> {
            while (!echo.isClosed()) {
                Socket s;
                try {
                    s = echo.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                    } catch (IOException e) {
                        // the client went away
                    }
                });
            }
        });
    }

    @AfterEach
    void tearDown() throws IOException {
        if (proxy != null) proxy.close();
        echo.close();
    }

    private FaultProxy proxy(Impairment imp) {
        return FaultProxy.builder(FaultProxy.Protocol.TCP, (InetSocketAddress) echo.getLocalSocketAddress())
                .impairment(imp).seed(3).build();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(proxy.address(), (int) BOUND.toMillis());
        s.setSoTimeout((int) BOUND.toMillis());
        return s;
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static byte[] echoThrough(Socket s, byte[] data) throws IOException {
        Thread.ofVirtual().start(() -> {
            try {
                s.getOutputStream().write(data);
                s.shutdownOutput();
            } catch (IOException e) {
                // the reading side will fail and say why
            }
        });
        return s.getInputStream().readNBytes(data.length + 1);
    }

    @Test
    void bytes_go_both_ways_in_order_and_the_end_of_stream_is_passed_on() throws IOException {
        proxy = proxy(Impairment.NONE.withJitter(Duration.ofMillis(5)));
        byte[] data = randomBytes(300_000);
        try (Socket s = connect()) {
            assertThat(echoThrough(s, data)).isEqualTo(data);
        }
        await().atMost(BOUND).until(() -> ((TcpFaultProxy) proxy).openConnections() == 0);
    }

    @Test
    void loss_on_tcp_delays_chunks_but_never_corrupts_the_stream() throws IOException {
        proxy = FaultProxy.builder(FaultProxy.Protocol.TCP, (InetSocketAddress) echo.getLocalSocketAddress())
                .impairment(Impairment.NONE.withLoss(0.2)).retransmitDelay(Duration.ofMillis(20)).bufferBytes(4096).build();
        byte[] data = randomBytes(100_000);
        try (Socket s = connect()) {
            assertThat(echoThrough(s, data)).isEqualTo(data);
        }
        assertThat(proxy.stats().lost()).isPositive();
    }

    @Test
    void a_bandwidth_cap_slows_the_transfer_down() throws IOException {
        proxy = proxy(Impairment.NONE.withBandwidth(100_000));
        byte[] data = randomBytes(30_000);
        long start = System.nanoTime();
        try (Socket s = connect()) {
            assertThat(echoThrough(s, data)).isEqualTo(data);
        }
        // 30 kB each way at 100 kB/s: at least 0.3 s (both directions overlap).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
    }

    @Test
    void resetting_connections_gives_the_client_a_connection_reset() throws IOException {
        proxy = proxy(Impairment.NONE);
        try (Socket s = connect()) {
            s.getOutputStream().write("hello".getBytes());
            assertThat(s.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
            proxy.resetConnections();
            InputStream in = s.getInputStream();
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("reset");
        }
        assertThat(proxy.stats().resets()).isEqualTo(1);
    }

    @Test
    void nat_rebinding_resets_tcp_connections_and_new_ones_work() throws IOException {
        proxy = proxy(Impairment.NONE);
        try (Socket s = connect()) {
            s.getOutputStream().write(1);
            assertThat(s.getInputStream().read()).isEqualTo(1);
            proxy.rebindNat();
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(IOException.class);
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(2);
            assertThat(s.getInputStream().read()).isEqualTo(2);
        }
        assertThat(proxy.stats().natRebinds()).isEqualTo(1);
    }

    @Test
    void a_blackhole_keeps_the_connection_open_but_silent() throws IOException {
        proxy = proxy(Impairment.NONE.withBlackhole(true));
        try (Socket s = connect()) {
            s.getOutputStream().write("unheard".getBytes());
            await().atMost(BOUND).until(() -> proxy.stats().blackholed() >= 1);
            s.setSoTimeout(300);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            proxy.restore();
            s.setSoTimeout((int) BOUND.toMillis());
            s.getOutputStream().write("heard".getBytes());
            assertThat(s.getInputStream().readNBytes(5)).isEqualTo("heard".getBytes());
        }
    }

    @Test
    void a_refused_upstream_closes_the_client_connection() throws IOException {
        ServerSocket gone = new ServerSocket();
        gone.bind(new InetSocketAddress("127.0.0.1", 0));
        InetSocketAddress dead = (InetSocketAddress) gone.getLocalSocketAddress();
        gone.close();
        proxy = FaultProxy.builder(FaultProxy.Protocol.TCP, dead).build();
        // The reset may come while connecting or on the first read, depending on timing: both mean "closed".
        String outcome;
        try (Socket s = connect()) {
            outcome = s.getInputStream().read() == -1 ? "closed" : "got data";
        } catch (SocketTimeoutException e) {
            outcome = "still open after " + BOUND;
        } catch (IOException e) {
            outcome = "closed";
        }
        assertThat(outcome).isEqualTo("closed");
        await().atMost(BOUND).until(() -> ((TcpFaultProxy) proxy).openConnections() == 0);
    }
}
