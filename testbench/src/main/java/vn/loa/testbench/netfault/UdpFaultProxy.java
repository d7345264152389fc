package vn.loa.testbench.netfault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;
import vn.loa.hal.time.Clock;

/**
 * The UDP {@link FaultProxy}: a front socket for clients, one upstream socket per client source address
 * (a "NAT mapping"), one reader thread per socket, one scheduler thread for delayed deliveries.
 */
final class UdpFaultProxy implements FaultProxy {

    private final String name;
    private final InetSocketAddress upstream;
    private final DatagramChannel front;
    private final InetSocketAddress address;
    private final Clock clock;
    private final int bufferBytes;
    private final Shaper toServer;
    private final Shaper toClient;
    private final Counters counters = new Counters();
    private final ConcurrentHashMap<SocketAddress, Mapping> mappings = new ConcurrentHashMap<>();
    private final ScheduledExecutorService delivery;
    private volatile Impairment impairment;
    private volatile boolean closed;

    /** One client's mapping: its current upstream socket and when the client last sent. */
    private final class Mapping {
        final SocketAddress client;
        volatile DatagramChannel channel;
        volatile long lastOutbound;

        Mapping(SocketAddress client, long now) throws IOException {
            this.client = client;
            this.lastOutbound = now;
            this.channel = openUpstream();
        }

        DatagramChannel openUpstream() throws IOException {
            DatagramChannel ch = DatagramChannel.open();
            InetAddress local = upstream.getAddress().isLoopbackAddress() ? upstream.getAddress() : null;
            ch.bind(new InetSocketAddress(local, 0));
            ch.connect(upstream);
            Thread.ofVirtual().name(name + "-from-server").start(() -> readServer(this, ch));
            return ch;
        }

        void rebind() throws IOException {
            DatagramChannel old = channel;
            channel = openUpstream();
            closeQuietly(old);
        }

        void close() {
            closeQuietly(channel);
        }

        boolean expired(long now, Impairment imp) {
            return !imp.natTimeout().isZero() && now - lastOutbound > imp.natTimeout().toNanos();
        }
    }

    UdpFaultProxy(FaultProxy.Builder b) {
        this.name = b.name;
        this.upstream = b.upstream;
        this.clock = b.clock;
        this.bufferBytes = b.bufferBytes;
        this.impairment = b.impairment;
        this.toServer = new Shaper(b.seed, false, b.queueLimit.toNanos(), 0);
        this.toClient = new Shaper(~b.seed, false, b.queueLimit.toNanos(), 0);
        try {
            this.front = DatagramChannel.open();
            front.bind(b.listen);
            this.address = (InetSocketAddress) front.getLocalAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy " + name + " cannot bind UDP " + b.listen + ": " + e.getMessage(), e);
        }
        this.delivery = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name + "-delivery");
            t.setDaemon(true);
            return t;
        });
        Thread.ofVirtual().name(name + "-from-clients").start(this::readClients);
        Logger.tag("netfault").info("{} listening on UDP {} ({})", name, address, impairment.describe());
    }

    private void readClients() {
        ByteBuffer buf = ByteBuffer.allocate(bufferBytes);
        while (!closed) {
            buf.clear();
            SocketAddress from;
            try {
                from = front.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (closed) return;
                Logger.tag("netfault").warn("{}: receiving from clients failed: {}", name, e.getMessage());
                continue;
            }
            buf.flip();
            byte[] data = new byte[buf.remaining()];
            buf.get(data);
            counters.received.incrementAndGet();
            long now = clock.monotonicNanos();
            Impairment imp = impairment;
            Mapping m;
            try {
                m = mappingFor(from, now, imp);
            } catch (IOException e) {
                Logger.tag("netfault").warn("{}: cannot open an upstream socket for {}: {}", name, from, e.getMessage());
                continue;
            }
            m.lastOutbound = now;
            Verdict v = toServer.decide(imp, now, data.length);
            deliver(v, now, () -> {
                try {
                    m.channel.write(ByteBuffer.wrap(data));
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }, data.length);
        }
    }

    private Mapping mappingFor(SocketAddress client, long now, Impairment imp) throws IOException {
        Mapping m = mappings.get(client);
        if (m != null && m.expired(now, imp)) {
            mappings.remove(client, m);
            m.close();
            Logger.tag("netfault").info("{}: NAT mapping of {} expired after {}s idle", name, client,
                    imp.natTimeout().toSeconds());
            m = null;
        }
        if (m == null) {
            m = new Mapping(client, now);
            mappings.put(client, m);
            counters.sessions.incrementAndGet();
        }
        return m;
    }

    private void readServer(Mapping m, DatagramChannel ch) {
        ByteBuffer buf = ByteBuffer.allocate(bufferBytes);
        while (!closed) {
            buf.clear();
            try {
                ch.receive(buf);
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // ICMP port unreachable from a server not (yet) listening: keep the mapping.
                if (!ch.isOpen()) return;
                continue;
            }
            buf.flip();
            byte[] data = new byte[buf.remaining()];
            buf.get(data);
            counters.received.incrementAndGet();
            long now = clock.monotonicNanos();
            Impairment imp = impairment;
            if (m.channel != ch) {
                counters.expiredDropped.incrementAndGet(); // sent to the port the NAT has just given up
                continue;
            }
            if (m.expired(now, imp)) {
                counters.expiredDropped.incrementAndGet();
                if (mappings.remove(m.client, m)) {
                    m.close();
                    Logger.tag("netfault").info("{}: NAT mapping of {} expired; the server's datagram is dropped",
                            name, m.client);
                }
                continue;
            }
            Verdict v = toClient.decide(imp, now, data.length);
            deliver(v, now, () -> {
                try {
                    front.send(ByteBuffer.wrap(data), m.client);
                    return true;
                } catch (IOException e) {
                    return false;
                }
            }, data.length);
        }
    }

    /** A send that reports whether the datagram left. */
    private interface Send {
        boolean send();
    }

    private void deliver(Verdict v, long now, Send send, int bytes) {
        switch (v) {
            case Verdict.Drop d -> counters.dropped(d.reason());
            case Verdict.Deliver d -> {
                counters.inFlight.incrementAndGet();
                Runnable task = () -> {
                    if (!closed && send.send()) {
                        counters.delivered.incrementAndGet();
                        counters.bytesDelivered.addAndGet(bytes);
                    }
                    counters.inFlight.decrementAndGet();
                };
                long wait = d.atNanos() - now;
                if (wait <= 0) {
                    task.run();
                } else {
                    try {
                        delivery.schedule(task, wait, TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        counters.inFlight.decrementAndGet();
                    }
                }
            }
        }
    }

    @Override public Protocol protocol() {
        return Protocol.UDP;
    }

    @Override public InetSocketAddress address() {
        return address;
    }

    @Override public InetSocketAddress upstream() {
        return upstream;
    }

    @Override public Impairment impairment() {
        return impairment;
    }

    @Override public void impair(Impairment i) {
        if (i == null) throw new IllegalArgumentException("fault proxy " + name + ": impairment is missing");
        impairment = i;
        Logger.tag("netfault").info("{}: impairment now {}", name, i.describe());
    }

    @Override public void rebindNat() {
        counters.natRebinds.incrementAndGet();
        for (Mapping m : List.copyOf(mappings.values())) {
            try {
                m.rebind();
            } catch (IOException e) {
                mappings.remove(m.client, m);
                m.close();
            }
        }
        Logger.tag("netfault").info("{}: NAT rebinding, {} mapping(s) moved to new source ports", name, mappings.size());
    }

    @Override public void resetConnections() {
        int n = 0;
        for (Mapping m : List.copyOf(mappings.values())) {
            if (mappings.remove(m.client, m)) {
                m.close();
                n++;
            }
        }
        counters.resets.addAndGet(n);
        Logger.tag("netfault").info("{}: forgot {} UDP mapping(s)", name, n);
    }

    /** The source port the server currently sees for {@code client}, if it has a mapping. */
    java.util.Optional<Integer> upstreamPortOf(SocketAddress client) {
        Mapping m = mappings.get(client);
        if (m == null) return java.util.Optional.empty();
        try {
            return java.util.Optional.of(((InetSocketAddress) m.channel.getLocalAddress()).getPort());
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    @Override public LinkStats stats() {
        return counters.snapshot();
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        closeQuietly(front);
        mappings.values().forEach(Mapping::close);
        mappings.clear();
        delivery.shutdownNow();
        Logger.tag("netfault").info("{}: closed", name);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing is best effort; the socket is gone either way
        }
    }
}
