package vn.loa.agent.lwm2m;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the management plane's datagrams and bytes at the DTLS socket (UDP payload: DTLS records including handshakes,
 * retransmissions and alerts). IP and UDP headers are not seen by Java; {@link #IPV4_UDP_OVERHEAD} per datagram
 * estimates them. Thread-safe, lock-free; counts since the client was built.
 */
public final class TrafficCounter {

    /** IPv4 (20) + UDP (8) header bytes per datagram. */
    public static final int IPV4_UDP_OVERHEAD = 28;

    /** Totals at one moment. */
    public record Snapshot(long sentDatagrams, long sentBytes, long receivedDatagrams, long receivedBytes, long largest) {
        /** Bytes on the wire both ways, with the IPv4 + UDP estimate. */
        public long wireBytes() {
            return sentBytes + receivedBytes + IPV4_UDP_OVERHEAD * (sentDatagrams + receivedDatagrams);
        }

        public Snapshot minus(Snapshot base) {
            return new Snapshot(sentDatagrams - base.sentDatagrams, sentBytes - base.sentBytes,
                    receivedDatagrams - base.receivedDatagrams, receivedBytes - base.receivedBytes, largest);
        }
    }

    private final AtomicLong sentDatagrams = new AtomicLong();
    private final AtomicLong sentBytes = new AtomicLong();
    private final AtomicLong receivedDatagrams = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();

    void sent(int bytes) {
        sentDatagrams.incrementAndGet();
        sentBytes.addAndGet(bytes);
        largest.accumulateAndGet(bytes, Math::max);
    }

    void received(int bytes) {
        receivedDatagrams.incrementAndGet();
        receivedBytes.addAndGet(bytes);
        largest.accumulateAndGet(bytes, Math::max);
    }

    public Snapshot snapshot() {
        return new Snapshot(sentDatagrams.get(), sentBytes.get(), receivedDatagrams.get(), receivedBytes.get(), largest.get());
    }
}
