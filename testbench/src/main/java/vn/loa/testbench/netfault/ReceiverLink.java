package vn.loa.testbench.netfault;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * One receiver's whole network path as the testbench sees it: a UDP proxy in front of the headend's
 * management port (CoAP/DTLS) and a TCP proxy in front of its content server (HTTP/Icecast). The receiver is
 * configured with {@link #managementAddress()} and {@link #contentAddress()} instead of the real servers.
 * "Cut network" is a blackhole on both; "restore" brings back whatever impairment was set before the cut.
 *
 * <p>Thread-safe (synchronized); owns both proxies and closes them in {@link #close()}.
 */
public final class ReceiverLink implements AutoCloseable {

    private final String receiverId;
    private final FaultProxy udp;
    private final FaultProxy tcp;
    private Impairment impairment = Impairment.NONE;
    private boolean cut;

    private ReceiverLink(String receiverId, FaultProxy udp, FaultProxy tcp) {
        this.receiverId = receiverId;
        this.udp = udp;
        this.tcp = tcp;
    }

    /**
     * Opens both proxies on 127.0.0.1 (free ports), seeded from {@code seed} (UDP with {@code seed}, TCP with
     * {@code seed + 1}), with a clean link.
     */
    public static ReceiverLink open(String receiverId, InetSocketAddress managementServer, InetSocketAddress contentServer,
                                    long seed) {
        Objects.requireNonNull(receiverId, "receiverId");
        FaultProxy u = FaultProxy.builder(FaultProxy.Protocol.UDP, managementServer).seed(seed)
                .name(receiverId + "/udp").build();
        try {
            FaultProxy t = FaultProxy.builder(FaultProxy.Protocol.TCP, contentServer).seed(seed + 1)
                    .name(receiverId + "/tcp").build();
            return new ReceiverLink(receiverId, u, t);
        } catch (RuntimeException e) {
            u.close();
            throw e;
        }
    }

    public String receiverId() {
        return receiverId;
    }

    /** Where the receiver sends CoAP/DTLS. */
    public InetSocketAddress managementAddress() {
        return udp.address();
    }

    /** Where the receiver fetches content over TCP. */
    public InetSocketAddress contentAddress() {
        return tcp.address();
    }

    public FaultProxy udp() {
        return udp;
    }

    public FaultProxy tcp() {
        return tcp;
    }

    /** Sets the impairment of both directions of both proxies; while cut, it applies once restored. */
    public synchronized void impair(Impairment i) {
        impairment = Objects.requireNonNull(i, "impairment");
        if (!cut) {
            udp.impair(i);
            tcp.impair(i);
        }
    }

    /** Cuts the receiver off: everything blackholed, TCP connections left hanging as on a dead link. */
    public synchronized void cut() {
        cut = true;
        udp.impair(impairment.withBlackhole(true));
        tcp.impair(impairment.withBlackhole(true));
        Logger.tag("netfault").info("{}: network cut", receiverId);
    }

    /** Ends a cut; the impairment set before (or during) it applies again. */
    public synchronized void restore() {
        cut = false;
        udp.impair(impairment);
        tcp.impair(impairment);
        Logger.tag("netfault").info("{}: network restored ({})", receiverId, impairment.describe());
    }

    public synchronized boolean isUp() {
        return !cut;
    }

    /** The carrier gives the receiver a new public address: UDP mappings move, TCP connections reset. */
    public void rebindNat() {
        udp.rebindNat();
        tcp.rebindNat();
        Logger.tag("netfault").info("{}: NAT rebound (new source port)", receiverId);
    }

    /** Every TCP connection of the receiver is reset (RST both ways) and its UDP mappings are forgotten. */
    public void resetConnections() {
        udp.resetConnections();
        tcp.resetConnections();
        Logger.tag("netfault").info("{}: connections reset", receiverId);
    }

    @Override public void close() {
        udp.close();
        tcp.close();
    }
}
