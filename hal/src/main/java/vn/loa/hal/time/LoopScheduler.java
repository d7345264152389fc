package vn.loa.hal.time;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The real control loop: one daemon thread named {@code loa-control}. A task that throws is logged with
 * its stack trace and the loop goes on; a periodic task that throws keeps its schedule.
 * {@link #close()} stops the thread after the running task; tasks not yet started are dropped.
 */
public final class LoopScheduler implements Scheduler, AutoCloseable {

    private final Clock clock;
    private final ScheduledExecutorService executor;
    private volatile Thread thread;

    public LoopScheduler(Clock clock, String name) {
        this.clock = clock;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    @Override public Clock clock() { return clock; }

    @Override public void execute(Runnable task) {
        executor.execute(guard(task));
    }

    @Override public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guard(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override public Cancellable scheduleAtFixedRate(Duration initialDelay, Duration period, Runnable task) {
        ScheduledFuture<?> f = executor.scheduleAtFixedRate(guard(task), Math.max(0, initialDelay.toNanos()),
                period.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    private static Runnable guard(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                Logger.tag("loop").error(e, "control-loop task failed; the loop goes on");
            }
        };
    }

    /** Stops the loop; waits up to {@code timeout} for the running task to end. */
    public void close(Duration timeout) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override public void close() {
        try {
            close(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
