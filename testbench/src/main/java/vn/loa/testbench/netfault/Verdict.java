package vn.loa.testbench.netfault;

/** What the {@link Shaper} decided for one datagram or chunk. */
sealed interface Verdict {

    /**
     * Deliver at this monotonic time (nanoseconds on the proxy's clock); {@code retransmitted} when TCP loss
     * made it late.
     */
    record Deliver(long atNanos, boolean retransmitted) implements Verdict {
    }

    /** Dropped, for this reason. */
    record Drop(Reason reason) implements Verdict {
    }

    enum Reason { LOSS, BLACKHOLE, QUEUE_FULL }
}
