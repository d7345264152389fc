package vn.loa.hal.time;

import java.time.Duration;

/**
 * Runs tasks one at a time on a single logical thread, now or later. This is the station's control loop:
 * everything that decides (arbiter, amplifier sequencing, schedule, update state) runs on it, and other
 * threads hand work over with {@link #execute(Runnable)}.
 *
 * <p>Contract: tasks never run concurrently with each other; a task that throws is logged and does not stop
 * the loop; delays are measured on the monotonic clock of {@link #clock()}. All methods may be called from
 * any thread.
 */
public interface Scheduler {

    Clock clock();

    /** Runs {@code task} on the loop as soon as possible, after tasks already due. */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delay} (zero or negative: as soon as possible). */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} every {@code period}, first after {@code initialDelay}, until cancelled. */
    Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task);

    /** True when called from the loop's own thread (always true for a {@link ManualScheduler}). */
    boolean inLoop();
}
