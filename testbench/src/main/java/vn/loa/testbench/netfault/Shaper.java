package vn.loa.testbench.netfault;

import java.util.SplittableRandom;

/**
 * Decides, for one direction of one proxy, when each datagram or chunk is delivered or why it is dropped.
 * Pure arithmetic on the proxy's monotonic clock and two seeded random streams (one for loss, one for jitter),
 * so the same seed and the same sequence of packets give the same decisions.
 *
 * <p>Thread-safe (synchronized): a direction's reader calls it once per packet.
 */
final class Shaper {

    private final SplittableRandom lossRandom;
    private final SplittableRandom jitterRandom;
    private final boolean ordered;
    private final long queueLimitNanos;
    private final long retransmitNanos;
    private long linkFreeAt = Long.MIN_VALUE;
    private long lastDelivery = Long.MIN_VALUE;

    /**
     * @param ordered TCP: never deliver before an earlier chunk, turn loss into a retransmission delay,
     *     never drop for a full queue (the reader is slowed down by its window instead)
     * @param queueLimitNanos UDP: a datagram that would wait longer than this for the bandwidth cap is dropped
     * @param retransmitNanos TCP: how late a "lost" chunk arrives
     */
    Shaper(long seed, boolean ordered, long queueLimitNanos, long retransmitNanos) {
        this.lossRandom = new SplittableRandom(seed);
        this.jitterRandom = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 1);
        this.ordered = ordered;
        this.queueLimitNanos = queueLimitNanos;
        this.retransmitNanos = retransmitNanos;
    }

    synchronized Verdict decide(Impairment imp, long now, int bytes) {
        // Draw both streams for every packet so a change in one setting never shifts the other's sequence.
        double lossDraw = lossRandom.nextDouble();
        double jitterDraw = jitterRandom.nextDouble() * 2 - 1;
        if (imp.blackhole()) return new Verdict.Drop(Verdict.Reason.BLACKHOLE);
        boolean lost = imp.loss() > 0 && lossDraw < imp.loss();
        if (lost && !ordered) return new Verdict.Drop(Verdict.Reason.LOSS);

        long sent = now;
        if (imp.bandwidthBytesPerSecond() > 0) {
            long start = Math.max(now, linkFreeAt);
            if (!ordered && start - now > queueLimitNanos) return new Verdict.Drop(Verdict.Reason.QUEUE_FULL);
            long transmit = (long) (bytes * 1_000_000_000.0 / imp.bandwidthBytesPerSecond());
            linkFreeAt = start + transmit;
            sent = linkFreeAt;
        }
        long at = sent + imp.delay().toNanos() + (long) (jitterDraw * imp.jitter().toNanos());
        if (lost) at += retransmitNanos;
        at = Math.max(at, now);
        if (ordered) {
            at = Math.max(at, lastDelivery == Long.MIN_VALUE ? at : lastDelivery + 1);
            lastDelivery = at;
        }
        return new Verdict.Deliver(at, lost);
    }
}
