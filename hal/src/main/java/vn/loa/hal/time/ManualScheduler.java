package vn.loa.hal.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link Scheduler} and {@link Clock} whose time moves only when a test says so. Tasks run on the
 * caller's thread inside {@link #advance(Duration)} / {@link #runDue()}, in due-time order, ties in
 * submission order; the clock reads each task's due time while it runs, so a week of schedule runs in
 * milliseconds and always the same way.
 *
 * <p>Not thread-safe by design beyond {@link #execute}, which may be called from another thread; tests
 * drive it from one thread.
 */
public final class ManualScheduler implements Scheduler, Clock {

    private record Task(long dueNanos, long seq, long periodNanos, Runnable body, boolean[] cancelled)
            implements Comparable<Task> {
        @Override public int compareTo(Task o) {
            int c = Long.compare(dueNanos, o.dueNanos);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private final List<Throwable> failures = new ArrayList<>();
    private final ZoneId zone;
    private Instant wallOrigin;
    private long nanos;
    private long wallOffsetNanos;
    private long seq;

    /** Starts at {@code start} in {@code zone}; the monotonic clock starts at an arbitrary 1e12 ns. */
    public ManualScheduler(Instant start, ZoneId zone) {
        this.wallOrigin = start;
        this.zone = zone;
        this.nanos = 1_000_000_000_000L;
        this.wallOffsetNanos = nanos;
    }

    /** 2026-01-05 08:00 Monday in Vietnam. */
    public ManualScheduler() {
        this(Instant.parse("2026-01-05T01:00:00Z"), Clock.VIETNAM);
    }

    @Override public Clock clock() { return this; }

    @Override public synchronized Instant now() {
        return wallOrigin.plusNanos(nanos - wallOffsetNanos);
    }

    @Override public synchronized long monotonicNanos() { return nanos; }

    @Override public ZoneId zone() { return zone; }

    /** Steps the wall clock (as NTP would) without moving monotonic time or running tasks. */
    public synchronized void setWallClock(Instant wall) {
        wallOrigin = wall;
        wallOffsetNanos = nanos;
    }

    @Override public void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @Override public synchronized Cancellable schedule(Duration delay, Runnable task) {
        boolean[] cancelled = {false};
        queue.add(new Task(nanos + Math.max(0, delay.toNanos()), seq++, 0, task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override public synchronized Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive but was " + period);
        }
        boolean[] cancelled = {false};
        queue.add(new Task(nanos + Math.max(0, initialDelay.toNanos()), seq++, period.toNanos(), task, cancelled));
        return () -> cancelled[0] = true;
    }

    @Override public boolean inLoop() { return true; }

    /** Runs every task due now (including tasks they schedule for now). */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Moves time forward by {@code d}, running each task when its due time is reached. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = nanos + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.dueNanos > target) {
                    nanos = target;
                    break;
                }
                queue.poll();
                nanos = Math.max(nanos, next.dueNanos);
                if (next.cancelled[0]) continue;
                if (next.periodNanos > 0) {
                    queue.add(new Task(next.dueNanos + next.periodNanos, seq++, next.periodNanos, next.body, next.cancelled));
                }
            }
            try {
                next.body.run();
            } catch (RuntimeException | AssertionError e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.clear();
            throw new IllegalStateException("a scheduled task failed: " + first, first);
        }
    }

    /** Number of tasks still waiting (cancelled ones included until their time passes). */
    public synchronized int pending() {
        return (int) queue.stream().filter(t -> !t.cancelled[0]).count();
    }
}
