package vn.loa.agent.diagnose;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The headend can be reached: its name resolves (DNS), there is a route, and nothing refuses the port. For
 * UDP (CoAP/DTLS) a CoAP ping is sent; a DTLS server stays silent to it, so silence passes and only an ICMP
 * "port unreachable" or a missing route fail (the DTLS handshake check proves the rest). For TCP (HTTP content)
 * the connection must open.
 */
public final class ServerReachableCheck implements Check {

    public enum Transport { UDP, TCP }

    /** Name resolution; a seam so tests and the simulator can make DNS fail. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;

        Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));
    }

    /** What a probe of one address found. */
    public sealed interface Probe {
        /** Connected (TCP) or answered (UDP). */
        record Reachable(String how) implements Probe { }

        /** Actively refused: TCP reset or ICMP port unreachable. */
        record Refused(String why) implements Probe { }

        /** The kernel has no route, or the link is down. */
        record NoRoute(String why) implements Probe { }

        /** Nothing came back within the timeout. */
        record Silent() implements Probe { }
    }

    /** Sends the probe; a seam over sockets. */
    @FunctionalInterface
    public interface Prober {
        Probe probe(InetSocketAddress to, Transport transport, Duration timeout);

        Prober SYSTEM = ServerReachableCheck::socketProbe;
    }

    private final String host;
    private final int port;
    private final Transport transport;
    private final Resolver resolver;
    private final Prober prober;
    private final Duration timeout;

    public ServerReachableCheck(String host, int port, Transport transport, Resolver resolver, Prober prober,
                                Duration timeout) {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("server check: host is empty");
        if (port < 1 || port > 65535) throw new IllegalArgumentException("server check: port " + port + " outside 1..65535");
        this.host = host;
        this.port = port;
        this.transport = Objects.requireNonNull(transport, "transport");
        this.resolver = resolver;
        this.prober = prober;
        this.timeout = timeout;
    }

    @Override public String name() {
        return "server";
    }

    @Override public CheckResult run() {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return CheckResult.fail("cannot resolve '" + host + "'",
                    "no network (SIM out of data, cable, Wi-Fi) or DNS not answering",
                    "check the modem's signal and data plan or the cable; try 'ping 8.8.8.8'");
        }
        if (addresses.isEmpty()) {
            return CheckResult.fail("'" + host + "' resolves to no address", "a wrong server name in the config",
                    "check the server address the installer entered");
        }
        InetAddress a = addresses.get(0);
        String where = host + " (" + a.getHostAddress() + ") " + transport + " " + port;
        Probe p = prober.probe(new InetSocketAddress(a, port), transport, timeout);
        return switch (p) {
            case Probe.Reachable r -> CheckResult.pass(where + " " + r.how());
            case Probe.Refused r -> CheckResult.fail(where + " refused: " + r.why(),
                    "the server is down or the port in the config is wrong",
                    "ask the headend operator whether the server runs; check the port the installer entered");
            case Probe.NoRoute r -> CheckResult.fail(where + " unreachable: " + r.why(),
                    "no network: modem without signal or data, cable unplugged, or no default route",
                    "check the modem's signal and data plan or the cable");
            case Probe.Silent s -> transport == Transport.UDP
                    ? CheckResult.pass(where + " route up, no ICMP error (a DTLS server does not answer a plain ping)")
                    : CheckResult.fail(where + " no answer within " + timeout.toMillis() + " ms",
                            "a firewall drops the traffic or the link is very poor",
                            "check the signal; ask the operator whether the server's firewall lets this receiver in");
        };
    }

    private static Probe socketProbe(InetSocketAddress to, Transport transport, Duration timeout) {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        if (transport == Transport.TCP) {
            try (Socket s = new Socket()) {
                s.connect(to, ms);
                return new Probe.Reachable("connected");
            } catch (ConnectException e) {
                return e.getMessage() != null && e.getMessage().contains("refused")
                        ? new Probe.Refused(e.getMessage()) : new Probe.NoRoute(String.valueOf(e.getMessage()));
            } catch (NoRouteToHostException e) {
                return new Probe.NoRoute(String.valueOf(e.getMessage()));
            } catch (SocketTimeoutException e) {
                return new Probe.Silent();
            } catch (IOException e) {
                return new Probe.NoRoute(String.valueOf(e.getMessage()));
            }
        }
        try (DatagramChannel ch = DatagramChannel.open()) {
            ch.connect(to);
            // CoAP ping: version 1, CON, no token, code 0.00 (empty), message id 0x4c41.
            ch.write(ByteBuffer.wrap(new byte[] {0x40, 0x00, 0x4c, 0x41}));
            ch.configureBlocking(true);
            ch.socket().setSoTimeout(ms);
            byte[] buf = new byte[64];
            java.net.DatagramPacket packet = new java.net.DatagramPacket(buf, buf.length);
            ch.socket().receive(packet);
            return new Probe.Reachable("answered");
        } catch (PortUnreachableException e) {
            return new Probe.Refused("ICMP port unreachable");
        } catch (SocketTimeoutException e) {
            return new Probe.Silent();
        } catch (IOException e) {
            return new Probe.NoRoute(String.valueOf(e.getMessage()));
        }
    }
}
