package vn.loa.testbench.netfault;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link LinkStats}; thread-safe. */
final class Counters {
    final AtomicLong received = new AtomicLong();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong blackholed = new AtomicLong();
    final AtomicLong queueDropped = new AtomicLong();
    final AtomicLong expiredDropped = new AtomicLong();
    final AtomicLong bytesDelivered = new AtomicLong();
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong natRebinds = new AtomicLong();
    final AtomicLong resets = new AtomicLong();

    void dropped(Verdict.Reason reason) {
        switch (reason) {
            case LOSS -> lost.incrementAndGet();
            case BLACKHOLE -> blackholed.incrementAndGet();
            case QUEUE_FULL -> queueDropped.incrementAndGet();
        }
    }

    LinkStats snapshot() {
        return new LinkStats(received.get(), delivered.get(), inFlight.get(), lost.get(), blackholed.get(),
                queueDropped.get(), expiredDropped.get(), bytesDelivered.get(), sessions.get(), natRebinds.get(),
                resets.get());
    }
}
