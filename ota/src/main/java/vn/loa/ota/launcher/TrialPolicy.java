package vn.loa.ota.launcher;

import java.time.Duration;

/**
 * The launcher's time limits.
 *
 * @param stableWindow  a trial commits once every gate passed and it ran this long without trouble (default 10 min)
 * @param watchdog      no heartbeat for this long means the agent hangs (default 30 s)
 * @param startDeadline the first heartbeat must arrive within this (default 45 s)
 * @param gateDeadline  every gate must pass within this, or the trial fails (default 5 min: registration over a
 *                      slow cellular link may take minutes)
 */
public record TrialPolicy(Duration stableWindow, Duration watchdog, Duration startDeadline, Duration gateDeadline) {

    public static final TrialPolicy DEFAULT = new TrialPolicy(Duration.ofMinutes(10), Duration.ofSeconds(30),
            Duration.ofSeconds(45), Duration.ofMinutes(5));

    public TrialPolicy {
        for (Duration d : new Duration[] {stableWindow, watchdog, startDeadline, gateDeadline}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("launcher durations must be positive but one was " + d);
        }
        if (gateDeadline.compareTo(stableWindow) > 0) {
            throw new IllegalArgumentException("gateDeadline " + gateDeadline + " must not exceed stableWindow " + stableWindow);
        }
    }
}
