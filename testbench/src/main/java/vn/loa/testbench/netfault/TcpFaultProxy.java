package vn.loa.testbench.netfault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;
import vn.loa.hal.time.Clock;

/**
 * The TCP {@link FaultProxy}: an acceptor thread, and per connection an upstream socket and two pumps (one
 * per direction), each a reader thread feeding a delay queue and a writer thread draining it in order. A
 * pump holds at most a window of bytes in flight, so a bandwidth cap slows the sender down as TCP would.
 */
final class TcpFaultProxy implements FaultProxy {

    private static final int WINDOW_CHUNKS = 4;
    private static final int MIN_CHUNK = 512;
    /** With a bandwidth cap, a chunk carries at most this fraction of a second of traffic, for smooth pacing. */
    private static final int CHUNKS_PER_SECOND = 20;

    private final String name;
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final InetSocketAddress address;
    private final Clock clock;
    private final int bufferBytes;
    private final int connectTimeoutMillis;
    private final Shaper toServer;
    private final Shaper toClient;
    private final Counters counters = new Counters();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private volatile Impairment impairment;
    private volatile boolean closed;

    TcpFaultProxy(FaultProxy.Builder b) {
        this.name = b.name;
        this.upstream = b.upstream;
        this.clock = b.clock;
        this.bufferBytes = b.bufferBytes;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, b.connectTimeout.toMillis());
        this.impairment = b.impairment;
        this.toServer = new Shaper(b.seed, true, 0, b.retransmitDelay.toNanos());
        this.toClient = new Shaper(~b.seed, true, 0, b.retransmitDelay.toNanos());
        try {
            this.server = new ServerSocket();
            server.bind(b.listen, 50);
            this.address = (InetSocketAddress) server.getLocalSocketAddress();
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy " + name + " cannot bind TCP " + b.listen + ": " + e.getMessage(), e);
        }
        Thread.ofVirtual().name(name + "-accept").start(this::accept);
        Logger.tag("netfault").info("{} listening on TCP {} ({})", name, address, impairment.describe());
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) return;
                Logger.tag("netfault").warn("{}: accept failed: {}", name, e.getMessage());
                continue;
            }
            Thread.ofVirtual().name(name + "-connect").start(() -> open(client));
        }
    }

    private void open(Socket client) {
        Socket up = new Socket();
        try {
            up.connect(upstream, connectTimeoutMillis);
        } catch (IOException e) {
            Logger.tag("netfault").info("{}: upstream {} refused or timed out ({}); resetting the client",
                    name, upstream, e.getMessage());
            Connection.abort(client);
            Connection.abort(up);
            return;
        }
        Connection c = new Connection(client, up);
        connections.add(c);
        counters.sessions.incrementAndGet();
        if (closed) {
            c.abortBoth();
            return;
        }
        c.start();
    }

    /** One accepted connection and its upstream twin. */
    private final class Connection {
        final Socket client;
        final Socket up;
        final AtomicInteger finishedDirections = new AtomicInteger();

        Connection(Socket client, Socket up) {
            this.client = client;
            this.up = up;
        }

        void start() {
            new Pump(this, client, up, toServer, "to-server").start();
            new Pump(this, up, client, toClient, "to-client").start();
        }

        void directionFinished() {
            if (finishedDirections.incrementAndGet() == 2) {
                connections.remove(this);
                closeQuietly(client);
                closeQuietly(up);
            }
        }

        void abortBoth() {
            connections.remove(this);
            abort(client);
            abort(up);
        }

        /** Closes with SO_LINGER 0, so the peer sees a reset (RST) rather than an orderly end. */
        static void abort(Socket s) {
            try {
                if (!s.isClosed() && s.isConnected()) s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already broken: closing below is all that is left
            }
            closeQuietly(s);
        }
    }

    /** A chunk (or, with {@code data == null}, the end of stream) due at {@code at}. */
    private final class Item implements Delayed {
        final long at;
        final long seq = sequence.incrementAndGet();
        final byte[] data;

        Item(long at, byte[] data) {
            this.at = at;
            this.data = data;
        }

        @Override public long getDelay(TimeUnit unit) {
            return unit.convert(at - clock.monotonicNanos(), TimeUnit.NANOSECONDS);
        }

        @Override public int compareTo(Delayed o) {
            Item other = (Item) o;
            int c = Long.compare(at, other.at);
            return c != 0 ? c : Long.compare(seq, other.seq);
        }
    }

    /** One direction of one connection. */
    private final class Pump {
        final Connection conn;
        final Socket from;
        final Socket to;
        final Shaper shaper;
        final String direction;
        final DelayQueue<Item> queue = new DelayQueue<>();
        final Semaphore window = new Semaphore(WINDOW_CHUNKS * bufferBytes);
        long lastAt = Long.MIN_VALUE;

        Pump(Connection conn, Socket from, Socket to, Shaper shaper, String direction) {
            this.conn = conn;
            this.from = from;
            this.to = to;
            this.shaper = shaper;
            this.direction = direction;
        }

        void start() {
            Thread.ofVirtual().name(name + "-read-" + direction).start(this::read);
            Thread.ofVirtual().name(name + "-write-" + direction).start(this::write);
        }

        private void read() {
            try {
                InputStream in = from.getInputStream();
                byte[] buf = new byte[bufferBytes];
                while (!closed) {
                    Impairment before = impairment;
                    int max = bufferBytes;
                    if (before.bandwidthBytesPerSecond() > 0) {
                        max = (int) Math.max(MIN_CHUNK, Math.min(bufferBytes, before.bandwidthBytesPerSecond() / CHUNKS_PER_SECOND));
                    }
                    int n = in.read(buf, 0, max);
                    if (n < 0) {
                        long now = clock.monotonicNanos();
                        enqueue(new Item(Math.max(now, lastAt == Long.MIN_VALUE ? now : lastAt + 1), null));
                        return;
                    }
                    counters.received.incrementAndGet();
                    long now = clock.monotonicNanos();
                    Impairment imp = impairment;
                    switch (shaper.decide(imp, now, n)) {
                        case Verdict.Drop d -> counters.dropped(d.reason());
                        case Verdict.Deliver d -> {
                            if (d.retransmitted()) counters.lost.incrementAndGet();
                            window.acquire(n);
                            lastAt = d.atNanos();
                            counters.inFlight.incrementAndGet();
                            enqueue(new Item(d.atNanos(), Arrays.copyOf(buf, n)));
                        }
                    }
                }
            } catch (IOException e) {
                failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                conn.abortBoth();
            }
        }

        private void enqueue(Item item) {
            queue.add(item);
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                while (true) {
                    Item item = queue.take();
                    if (item.data == null) {
                        if (!to.isClosed()) to.shutdownOutput();
                        conn.directionFinished();
                        return;
                    }
                    try {
                        out.write(item.data);
                        out.flush();
                        counters.delivered.incrementAndGet();
                        counters.bytesDelivered.addAndGet(item.data.length);
                    } finally {
                        counters.inFlight.decrementAndGet();
                        window.release(item.data.length);
                    }
                }
            } catch (IOException e) {
                failed(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                conn.abortBoth();
            }
        }

        private void failed(IOException e) {
            if (!closed && connections.contains(conn)) {
                Logger.tag("netfault").info("{}: connection {} ended {}: {}", name, direction,
                        "abruptly", e.getMessage());
            }
            conn.abortBoth();
            // Release a reader waiting for window space and a writer waiting for items.
            window.release(WINDOW_CHUNKS * bufferBytes);
            queue.add(new Item(clock.monotonicNanos(), null));
        }
    }

    @Override public Protocol protocol() {
        return Protocol.TCP;
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
        int n = resetAll();
        Logger.tag("netfault").info("{}: NAT rebinding reset {} TCP connection(s)", name, n);
    }

    @Override public void resetConnections() {
        int n = resetAll();
        Logger.tag("netfault").info("{}: reset {} TCP connection(s)", name, n);
    }

    private int resetAll() {
        List<Connection> all = List.copyOf(connections);
        all.forEach(Connection::abortBoth);
        counters.resets.addAndGet(all.size());
        return all.size();
    }

    /** Open connections (for tests and the console). */
    int openConnections() {
        return connections.size();
    }

    @Override public LinkStats stats() {
        return counters.snapshot();
    }

    @Override public void close() {
        if (closed) return;
        closed = true;
        closeQuietly(server);
        List.copyOf(connections).forEach(Connection::abortBoth);
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
