package vn.loa.testbench.netfault;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import vn.loa.hal.time.Clock;

/**
 * A network impairment proxy in user space: clients talk to {@link #address()} instead of the real server
 * ({@link #upstream()}), and the proxy forwards both ways while applying an {@link Impairment} (delay, jitter,
 * loss, bandwidth cap, blackhole, NAT expiry) and on demand a NAT rebinding or a connection reset. The
 * impairment can be changed at any time from any thread; it applies to traffic read after the change.
 *
 * <p>UDP ({@link Protocol#UDP}, for CoAP/DTLS): one mapping per client source address, each with its own
 * upstream socket, so the server sees one source port per client exactly as behind a NAT. TCP
 * ({@link Protocol#TCP}, for HTTP/Icecast): one upstream connection per accepted connection.
 *
 * <p>Lifecycle: {@link Builder#build()} binds and starts the proxy; {@link #close()} stops its threads and
 * closes every socket it owns; both are idempotent-safe to call once. Random decisions are seeded per
 * direction, so the same seed and the same packet sequence give the same losses and jitter.
 */
public interface FaultProxy extends AutoCloseable {

    enum Protocol { UDP, TCP }

    Protocol protocol();

    /** Where clients connect or send: the proxy's bound address (its port is the real one when 0 was asked). */
    InetSocketAddress address();

    /** The real server. */
    InetSocketAddress upstream();

    Impairment impairment();

    /** Replaces the impairment; takes effect for every datagram or chunk read from now on. */
    void impair(Impairment impairment);

    /** Back to a clean link; the same as {@code impair(Impairment.NONE)}. */
    default void restore() {
        impair(Impairment.NONE);
    }

    /**
     * The carrier's NAT gives every client a new public port: UDP mappings switch to a fresh upstream socket
     * (the server's datagrams to the old port are lost; the client's next datagram arrives from the new one);
     * TCP connections, whose mapping cannot move, are reset.
     */
    void rebindNat();

    /** TCP: every open connection is reset (RST) on both sides. UDP: every mapping is forgotten. */
    void resetConnections();

    LinkStats stats();

    /** Closes every socket and stops every thread of this proxy. Never throws. */
    @Override void close();

    /** A builder for a proxy in front of {@code upstream}. */
    static Builder builder(Protocol protocol, InetSocketAddress upstream) {
        return new Builder(protocol, upstream);
    }

    /** Options of a {@link FaultProxy}; defaults are filled in {@link #build()}. Not thread-safe. */
    final class Builder {
        final Protocol protocol;
        final InetSocketAddress upstream;
        InetSocketAddress listen;
        long seed = 1;
        Impairment impairment;
        Duration queueLimit;
        Duration retransmitDelay;
        Duration connectTimeout;
        int bufferBytes;
        Clock clock;
        String name;

        Builder(Protocol protocol, InetSocketAddress upstream) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            this.upstream = Objects.requireNonNull(upstream, "upstream");
            if (upstream.isUnresolved()) {
                throw new IllegalArgumentException("fault proxy upstream '" + upstream.getHostString()
                        + "' cannot be resolved");
            }
        }

        /** Where to listen. By default {@code 127.0.0.1} port 0 (a free port; read it from {@link #address()}). */
        public Builder listen(InetSocketAddress address) {
            this.listen = address;
            return this;
        }

        /** Seed of the loss and jitter decisions. By default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The impairment at start. By default {@link Impairment#NONE}. */
        public Builder impairment(Impairment impairment) {
            this.impairment = impairment;
            return this;
        }

        /** UDP: the longest a datagram may wait behind the bandwidth cap before it is dropped. By default 1 s. */
        public Builder queueLimit(Duration d) {
            this.queueLimit = d;
            return this;
        }

        /** TCP: how late a "lost" chunk is delivered. By default 200 ms (Linux's minimum RTO). */
        public Builder retransmitDelay(Duration d) {
            this.retransmitDelay = d;
            return this;
        }

        /** TCP: how long connecting upstream may take before the client's connection is closed. By default 5 s. */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Largest datagram or TCP chunk read at once, in bytes. By default 65,536. */
        public Builder bufferBytes(int bytes) {
            this.bufferBytes = bytes;
            return this;
        }

        /**
         * Monotonic time for delivery and NAT expiry decisions. By default the machine's clock; a test may pass
         * a manual clock to expire NAT mappings without waiting (delays are then measured on that clock too).
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** A name for logs and thread names. By default {@code udp->HOST:PORT} or {@code tcp->HOST:PORT}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Binds and starts the proxy. Throws {@link java.io.UncheckedIOException} if it cannot bind. */
        public FaultProxy build() {
            if (listen == null) listen = new InetSocketAddress("127.0.0.1", 0);
            if (impairment == null) impairment = Impairment.NONE;
            if (queueLimit == null) queueLimit = Duration.ofSeconds(1);
            if (retransmitDelay == null) retransmitDelay = Duration.ofMillis(200);
            if (connectTimeout == null) connectTimeout = Duration.ofSeconds(5);
            if (bufferBytes == 0) bufferBytes = 65_536;
            if (bufferBytes < 1) throw new IllegalArgumentException("fault proxy bufferBytes " + bufferBytes + " must be positive");
            if (clock == null) clock = Clock.system(Clock.VIETNAM);
            if (name == null) {
                name = protocol.name().toLowerCase(java.util.Locale.ROOT) + "->" + upstream.getHostString() + ":" + upstream.getPort();
            }
            return protocol == Protocol.UDP ? new UdpFaultProxy(this) : new TcpFaultProxy(this);
        }
    }
}
