package vn.loa.ota.launcher;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The agent's side of the health channel: sends a {@link HealthReport} datagram to the launcher that started
 * it. Call {@link #beat} from the control loop every few seconds (a stuck loop then stops the heartbeats, which
 * is what the watchdog watches). Absent when the agent was not started by a launcher (tests, testbench).
 * Sending never throws; a lost datagram is covered by the next.
 */
public final class HealthReporter implements AutoCloseable {

    private final DatagramSocket socket;
    private final InetSocketAddress launcher;
    private final String token;
    private long seq;

    HealthReporter(InetSocketAddress launcher, String token) throws IOException {
        this.socket = new DatagramSocket();
        this.launcher = launcher;
        this.token = token;
    }

    /**
     * A reporter to a launcher listening on {@code launcher} with {@code token}: what {@link #fromEnvironment()}
     * builds, for an agent embedded in a test that plays the launcher's part.
     */
    public static HealthReporter to(InetSocketAddress launcher, String token) throws IOException {
        return new HealthReporter(launcher, token);
    }

    /** From {@code -Dloa.launcher.health=127.0.0.1:PORT} and {@code LOA_HEALTH_TOKEN}; empty if either is missing. */
    public static Optional<HealthReporter> fromEnvironment() throws IOException {
        String addr = System.getProperty(HealthReport.ADDRESS_PROPERTY);
        String token = System.getenv(HealthReport.TOKEN_ENV);
        if (addr == null || token == null || token.isEmpty()) return Optional.empty();
        int colon = addr.lastIndexOf(':');
        if (colon < 0) throw new IOException(HealthReport.ADDRESS_PROPERTY + " '" + addr + "' is not HOST:PORT");
        try {
            return Optional.of(new HealthReporter(new InetSocketAddress(addr.substring(0, colon),
                    Integer.parseInt(addr.substring(colon + 1))), token));
        } catch (IllegalArgumentException e) {
            throw new IOException(HealthReport.ADDRESS_PROPERTY + " '" + addr + "' is not HOST:PORT");
        }
    }

    /** Sends one heartbeat with the current gate facts. */
    public void beat(HealthReport.AudioSelfTest audio, boolean registered) {
        byte[] b = new HealthReport(++seq, audio, registered).encode(token);
        try {
            socket.send(new DatagramPacket(b, b.length, launcher));
        } catch (IOException e) {
            // loopback datagrams fail only when the launcher is gone; the next beat tries again
        }
    }

    @Override public void close() {
        socket.close();
    }
}
