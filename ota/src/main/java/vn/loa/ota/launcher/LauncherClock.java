package vn.loa.ota.launcher;

import java.time.Instant;

/**
 * The launcher's time: monotonic nanoseconds for its limits, wall time for what it records. A seam of its own
 * because the launcher depends on nothing but the JDK; its state machine ({@link TrialMonitor}) takes plain
 * numbers, so tests drive it without this.
 */
public interface LauncherClock {

    long nanoTime();

    Instant now();

    LauncherClock SYSTEM = new LauncherClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public Instant now() { return Instant.now(); }
    };
}
