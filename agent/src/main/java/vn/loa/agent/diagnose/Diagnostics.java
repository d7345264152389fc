package vn.loa.agent.diagnose;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import vn.loa.hal.time.Clock;

/**
 * Runs checks one after the other, each on its own virtual thread with a timeout, and collects a
 * {@link DiagnoseReport}. A check that throws or overruns is reported as a failure naming what happened;
 * the run always goes on to the next check. It logs nothing: the report is its output.
 *
 * <p>Not thread-safe; one run at a time. Time is read from the given {@link Clock} (report time and durations).
 */
public final class Diagnostics {

    /** How long one check may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Clock clock;
    private final Duration timeout;

    public Diagnostics(Clock clock, Duration perCheckTimeout) {
        this.clock = clock;
        if (perCheckTimeout.isNegative() || perCheckTimeout.isZero()) {
            throw new IllegalArgumentException("diagnose per-check timeout " + perCheckTimeout + " must be positive");
        }
        this.timeout = perCheckTimeout;
    }

    public DiagnoseReport run(List<? extends Check> checks) {
        List<DiagnoseReport.Entry> entries = new ArrayList<>();
        // Not try-with-resources: close() would wait for a hung check that ignores interrupts.
        ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
        try {
            for (Check c : checks) {
                long start = clock.monotonicNanos();
                CheckResult r = runOne(ex, c);
                Duration took = Duration.ofNanos(clock.monotonicNanos() - start);
                entries.add(new DiagnoseReport.Entry(c.name(), r, took));
            }
        } finally {
            ex.shutdownNow();
        }
        return new DiagnoseReport(clock.now(), entries);
    }

    private CheckResult runOne(ExecutorService ex, Check c) {
        Future<CheckResult> f = ex.submit(c::run);
        try {
            CheckResult r = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r == null) throw new IllegalStateException("check " + c.name() + " returned no result");
            return r;
        } catch (TimeoutException e) {
            f.cancel(true);
            return CheckResult.fail("no answer within " + timeout.toMillis() + " ms",
                    "the part it tests hangs (driver, device or network not responding)",
                    "power-cycle the receiver and look at the log ('journalctl -u loa')");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return CheckResult.fail("the check itself failed: " + cause,
                    "an unexpected error in the check or the part it tests",
                    "report this line to the Loa maintainers with the log ('journalctl -u loa')");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return CheckResult.fail("interrupted", "the diagnosis was stopped", "run 'loa diagnose' again");
        }
    }
}
